// This scanner device: its gate name and door mode (kept on the device), and its offline state — online or not, the
// queue's length, the prepared roster — with the buttons to prepare for offline and to sync.
import { createDoorClient } from './door-client.js';
import { doorMode, gateName, setDoorMode, setGateName } from './door-store.js';
import { h } from './dom.js';
import { field, textInput } from './form.js';
import { t } from './i18n.js';

/** @param {{ today: string, venueId: () => number | undefined, onSynced: () => void }} opts */
export async function doorDevice({ today, venueId, onSynced }) {
  const gate = field({ label: t('door.gate'), hint: t('door.gateHint'), name: 'gate', input: textInput({ maxlength: 32, value: gateName() }) });
  gate.input.addEventListener('change', () => setGateName(gate.input.value.trim()));
  const mode = h('input', { type: 'checkbox', id: 'door-mode', checked: doorMode() });
  mode.addEventListener('change', () => {
    setDoorMode(mode.checked);
    document.body.classList.toggle('door-mode', mode.checked);
  });
  const badge = h('span', { class: 'net-badge', role: 'status' });
  const rosterLine = h('span', { class: 'roster-line' });
  const syncNote = h('p', { class: 'sync-note', 'aria-live': 'polite' });
  const prepareButton = h('button', { type: 'button', class: 'button secondary', text: t('door.prepare') });
  const syncButton = h('button', { type: 'button', class: 'button secondary', text: t('door.sync') });
  const door = await createDoorClient({ today, onChange: draw });
  function draw() {
    badge.textContent = `${door.offline ? t('door.offline') : t('door.online')} · ${t('door.queue', { n: door.queueLength })}`;
    badge.className = `net-badge ${door.offline ? 'is-offline' : 'is-online'}`;
    rosterLine.textContent = door.roster ? t('door.prepared', { n: door.roster.bookings.length, date: door.roster.date }) : t('door.notPrepared');
    syncButton.hidden = door.queueLength === 0;
  }
  prepareButton.addEventListener('click', async () => {
    try {
      await door.prepare(venueId());
    } catch (err) {
      syncNote.textContent = /** @type {Error} */ (err).message;
    }
  });
  async function syncNow() {
    if (door.queueLength === 0) return;
    try {
      syncNote.textContent = t('door.synced', await door.sync());
      onSynced();
    } catch (err) {
      syncNote.textContent = /** @type {Error} */ (err).message;
    }
  }
  syncButton.addEventListener('click', () => void syncNow());
  window.addEventListener('online', () => void syncNow());
  draw();
  return {
    door,
    gate: () => gate.input.value.trim(),
    netBar: h('div', { class: 'net-bar' }, badge, rosterLine, prepareButton, syncButton, syncNote),
    settings: h(
      'details',
      { class: 'card device-box' },
      h('summary', { text: t('door.gate') }),
      gate.wrap,
      h('label', { class: 'door-mode-toggle' }, mode, ' ', t('door.mode')),
    ),
  };
}
