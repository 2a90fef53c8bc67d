// Door scanner: the phone's camera reads the family's QR code (jsQR in a worker), the party is shown to check against
// the ID cards (each visitor ticked), and the whole screen says what to do — green let in, amber look again, red turn
// away — with a sound and a buzz. It keeps working offline from a prepared roster (lib/door-client.js).
import { ApiError } from '../lib/api.js';
import { conflictsSection } from '../lib/door-conflicts.js';
import { doorDevice } from '../lib/door-device.js';
import { findSection } from '../lib/door-find.js';
import { partyList } from '../lib/door-party.js';
import { doorMode } from '../lib/door-store.js';
import { h, replace } from '../lib/dom.js';
import { edition, todayOf } from '../lib/edition.js';
import { armSound, signal } from '../lib/feedback.js';
import { field, textInput } from '../lib/form.js';
import { dateTimeOf, groupedCode, number, serverNow, timeRange } from '../lib/format.js';
import { apiText, has, pick, t } from '../lib/i18n.js';
import { notice } from '../lib/layout.js';
import { CODE_PATTERN, normaliseCode } from '../lib/rules.js';
import { staffApi, staffPage, toSignIn, venuesById } from '../lib/staff.js';
import { startCamera } from '../lib/door-camera.js';

/** @typedef {{ id: number, venueId: number, date: string, startsAt: string, endsAt: string, capacity: number, booked: number, status: string, checkedIn: number }} ManagedSession */
/** @typedef {import('../lib/door-party.js').DoorParty} DoorParty */

const WARN = new Set(['already_checked_in', 'not_checkin_time']);

export async function render() {
  const page = await staffPage({ title: t('scan.title'), current: 'scan', roles: ['door_staff', 'venue_manager', 'organiser'] });
  if (!page) return;
  const { main, user } = page;
  main.classList.add('scanner');
  document.body.classList.toggle('door-mode', doorMode());
  armSound();
  registerWorker();
  const [e, venues] = await Promise.all([edition(), venuesById()]);
  const today = e ? todayOf(e) : '';

  // --- the session whose admissions are counted ---------------------------------------------------------
  /** @type {ManagedSession[]} */
  let sessions = [];
  /** @type {number | undefined} */
  let selected;
  const sessionSelect = h('select', { id: 'scan-session', name: 'session' });
  const countBig = h('p', { class: 'count-big', 'aria-live': 'polite' });
  const countSmall = h('p', { class: 'count-small' });
  sessionSelect.addEventListener('change', () => {
    selected = Number(sessionSelect.value);
    drawCount();
  });

  async function loadSessions() {
    if (door.offline) return drawCount();
    const res = await staffApi(`/api/manage/sessions?date=${today}`);
    sessions = /** @type {ManagedSession[]} */ (res.items).filter((s) => s.status !== 'cancelled');
    if (selected === undefined || !sessions.some((s) => s.id === selected)) selected = currentSession()?.id;
    const manyVenues = new Set(sessions.map((s) => s.venueId)).size > 1;
    replace(
      sessionSelect,
      sessions.length
        ? sessions.map((s) => {
            const v = venues.get(s.venueId);
            const label = `${timeRange(s)}${manyVenues && v ? ' · ' + pick(v.name, v.nameEn) : ''}`;
            return h('option', { value: String(s.id), selected: s.id === selected, text: label });
          })
        : h('option', { value: '', text: t('scan.noSessions') }),
    );
    drawCount();
  }

  /** The session open for check-in now, else the next one today, else the last. */
  function currentSession() {
    const now = serverNow().getTime();
    const opensBefore = (e?.rules.checkinOpensMinutesBefore ?? 30) * 60_000;
    return (
      sessions.find((s) => Date.parse(s.startsAt) - opensBefore <= now && now <= Date.parse(s.endsAt)) ??
      sessions.find((s) => Date.parse(s.startsAt) > now) ??
      sessions[sessions.length - 1]
    );
  }

  function drawCount() {
    const s = sessions.find((x) => x.id === selected);
    countBig.textContent = s ? t('scan.admittedCount', { n: number(s.checkedIn) }) : '—';
    countSmall.textContent = s ? t('scan.bookedOf', { booked: number(s.booked), capacity: number(s.capacity) }) : '';
  }

  // --- this device: gate, door mode, offline state ----------------------------------------------------------
  const deviceVenue = () => (user.venueIds?.length === 1 ? user.venueIds[0] : sessions.find((s) => s.id === selected)?.venueId);
  const device = await doorDevice({
    today,
    venueId: deviceVenue,
    onSynced: () => void loadSessions().catch(() => undefined),
  });
  const door = device.door;

  // --- the result screen ----------------------------------------------------------------------------------
  const resultTitle = h('h2', { id: 'result-title', class: 'result-title' });
  const resultBig = h('p', { class: 'result-big' });
  const resultMessage = h('p', { id: 'result-message', class: 'result-message' });
  const resultDetails = h('dl', { class: 'result-details' });
  const resultParty = h('div', { class: 'result-party' });
  const resultActions = h('div', { class: 'result-actions' });
  const result = h(
    'div',
    { class: 'result', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'result-title', 'aria-describedby': 'result-message', hidden: true },
    h('div', { class: 'result-body' }, resultTitle, resultBig, resultMessage, resultParty, resultDetails, resultActions),
  );
  result.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') dismiss();
  });
  const camera = startCamera({ onText: (text) => void scanned(text) });

  function dismiss() {
    result.hidden = true;
    camera.resume();
  }

  /**
   * @param {'ok' | 'warn' | 'bad' | 'party'} kind
   * @param {{ code: string, big?: string, message?: string, details?: [string, string][], party?: Node | null, actions?: Node[], title?: string }} o
   */
  function show(kind, o) {
    camera.pause();
    result.className = `result result-${kind}`;
    result.dataset.result = o.code;
    resultTitle.textContent = o.title ?? (has('scan.result.' + o.code) ? t('scan.result.' + o.code) : t('scan.result.refused'));
    resultBig.textContent = o.big ?? '';
    resultBig.hidden = !o.big;
    resultMessage.textContent = o.message ?? '';
    replace(resultParty, o.party ?? null);
    replace(
      resultDetails,
      (o.details ?? []).map(([term, value]) => h('div', null, h('dt', { text: term }), h('dd', { text: value }))),
    );
    const next = h('button', { type: 'button', class: 'button result-next', text: t('scan.next'), on: { click: dismiss } });
    replace(resultActions, o.actions ?? next);
    result.hidden = false;
    /** @type {HTMLElement} */ (resultActions.firstElementChild)?.focus();
    if (kind !== 'party') signal(kind);
  }

  /** @param {unknown} err */
  function refused(err) {
    const x = /** @type {ApiError} */ (err);
    if (x instanceof ApiError && x.status === 401) return toSignIn();
    const code = x instanceof ApiError ? x.code : 'network';
    /** @type {[string, string][]} */
    const details = [];
    if (code === 'not_checkin_time' && x.details?.opensAt)
      details.push([t('scan.window'), `${dateTimeOf(x.details.opensAt)} – ${dateTimeOf(x.details.closesAt).slice(11)}`]);
    show(WARN.has(code) ? 'warn' : 'bad', { code, message: x.message, details });
  }

  /** @param {string} text */
  async function scanned(text) {
    const typed = normaliseCode(text);
    await check(text.startsWith('od') || !CODE_PATTERN.test(typed) ? { token: text } : { code: typed });
  }

  /** @param {{ token: string } | { code: string }} body */
  async function check(body) {
    camera.pause();
    try {
      showParty(await door.lookup(body));
    } catch (err) {
      refused(err);
    }
  }

  /** @param {DoorParty} party */
  function partyDetails(party) {
    return /** @type {[string, string][]} */ ([
      [t('scan.code'), groupedCode(party.code)],
      [t('scan.session'), timeRange(party.session)],
    ]);
  }

  /** Amber when everyone is in already; else the party to tick and admit. @param {DoorParty} party */
  function showParty(party) {
    const list = partyList(party, { onChange: (n) => drawAdmit(n), onUndo: (id, reason) => void undo(party, id, reason) });
    if (party.expected === 0) {
      show('warn', {
        code: 'already_checked_in',
        big: t('scan.people', { n: party.admitted }),
        message: t('door.allIn'),
        party: list.list,
        details: partyDetails(party),
      });
      return;
    }
    const admitButton = h('button', { type: 'button', class: 'button primary result-admit' });
    const back = h('button', { type: 'button', class: 'button secondary', text: t('door.cancel'), on: { click: dismiss } });
    function drawAdmit(/** @type {number} */ n) {
      admitButton.textContent = n > 0 ? t('door.admitN', { n }) : t('door.admitNone');
      admitButton.disabled = n === 0;
    }
    drawAdmit(list.count());
    admitButton.addEventListener('click', () => void admit(party, list.selected()));
    const progress = t('door.progress', { admitted: party.admitted, size: party.partySize, expected: party.expected });
    show('party', {
      code: 'party',
      message: `${t('door.partyHint')} · ${progress}`,
      party: list.list,
      details: partyDetails(party),
      actions: [admitButton, back],
    });
  }

  /** @param {DoorParty} party @param {{ visitorIds: number[] } | { count: number }} selection */
  async function admit(party, selection) {
    try {
      const r = await door.admit(party, selection, device.gate());
      const after = r.party;
      const list = partyList(after, { onUndo: (id, reason) => void undo(after, id, reason) });
      show('ok', {
        code: after.offline ? 'admitted_offline' : 'admitted',
        big: t('scan.people', { n: r.admitted }),
        message: r.message ? apiText(r.message) : t('door.offlineAdmitted'),
        party: list.list,
        details: partyDetails(after),
      });
      const s = sessions.find((x) => x.id === after.session.id);
      if (s) s.checkedIn += r.admitted;
      drawCount();
    } catch (err) {
      refused(err);
    } finally {
      loadSessions().catch(() => undefined);
    }
  }

  /** @param {DoorParty} _party @param {number} admissionId @param {string} reason */
  async function undo(_party, admissionId, reason) {
    try {
      const after = await staffApi('/api/checkins/undo', { method: 'POST', body: { admissionIds: [admissionId], reason } });
      showParty(after);
      resultMessage.textContent = `${t('door.undone', { n: 1 })} · ${resultMessage.textContent}`;
      loadSessions().catch(() => undefined);
    } catch (err) {
      refused(err);
    }
  }

  // --- typing a code instead ------------------------------------------------------------------------------
  const manual = field({
    label: t('scan.manualLabel'),
    hint: t('scan.manualHint'),
    name: 'code',
    input: textInput({ autocapitalize: 'characters', maxlength: 12, enterkeyhint: 'go' }),
  });
  const manualForm = h(
    'form',
    { class: 'manual', novalidate: true },
    manual.wrap,
    h('button', { type: 'submit', class: 'button primary', text: t('scan.check') }),
  );
  manualForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = normaliseCode(manual.input.value);
    if (!CODE_PATTERN.test(code)) {
      manual.setError(code ? t('err.code.format') : t('err.code.required'));
      manual.input.focus();
      return;
    }
    manual.setError(undefined);
    manual.input.value = '';
    void check({ code });
  });

  replace(
    main,
    h('h1', { class: 'scanner-title', text: t('scan.title') }),
    h(
      'section',
      { class: 'card session-bar', 'aria-label': t('scan.countLabel') },
      h('div', { class: 'field' }, h('label', { for: 'scan-session', text: t('scan.currentSession') }), sessionSelect),
      countBig,
      countSmall,
    ),
    manualForm,
    device.netBar,
    camera.element,
    findSection({ onOpen: (code) => void check({ code }) }),
    device.settings,
    user.role === 'door_staff' ? null : conflictsSection({ venueId: deviceVenue }),
    result,
  );
  try {
    await loadSessions();
  } catch (err) {
    main.prepend(notice('error', /** @type {Error} */ (err).message));
  }
  await camera.start();
}

/** The scanner as an installable app that opens with no network (its worker is scoped to /staff/scan). */
function registerWorker() {
  if (!document.querySelector('link[rel="manifest"]')) document.head.append(h('link', { rel: 'manifest', href: '/staff/scan.webmanifest' }));
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/staff/scan-sw.js', { scope: '/staff/scan' }).catch(() => undefined);
}
