// A party on the scanner's screen: each visitor (masked name, ID-number tail, age) with a tick when still expected,
// all ticked by default, or when and where they came in, with an undo for a wrong tap.
import { h } from './dom.js';
import { timeOf } from './format.js';
import { t } from './i18n.js';

/** @typedef {{ id: number | null, position: number, name: string | null, idTail: string | null, age: number | null, state: string, admission?: { id: number, at: string, gate: string | null, by: string | null, offline?: boolean } | null }} DoorVisitor */
/** @typedef {{ code: string, partySize: number, admitted: number, expected: number, visitors: DoorVisitor[], session: { id: number, startsAt: string, endsAt: string }, offline?: boolean }} DoorParty */

/** @param {DoorVisitor} v */
function describe(v) {
  return [
    v.name ?? t('door.place', { n: v.position + 1 }),
    v.idTail ? t('door.idTail', { tail: v.idTail }) : null,
    v.age !== null && v.age !== undefined ? t('door.age', { n: v.age }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The visitors with ticks; `selected()` answers the ticked visitor ids, or a count for places without names.
 * @param {DoorParty} party
 * @param {{ onChange?: (n: number) => void, onUndo?: (admissionId: number, reason: string) => void }} opts
 */
export function partyList(party, opts = {}) {
  /** @type {{ box: HTMLInputElement, v: DoorVisitor }[]} */
  const ticks = [];
  const rows = party.visitors.map((v) => {
    if (v.state !== 'admitted') {
      const box = h('input', { type: 'checkbox', checked: true, class: 'tick', dataset: { visitor: String(v.id ?? ''), position: String(v.position) } });
      box.addEventListener('change', () => opts.onChange?.(ticks.filter((x) => x.box.checked).length));
      ticks.push({ box, v });
      return h(
        'li',
        { class: 'visitor visitor-expected' },
        h('label', null, box, h('span', { class: 'visitor-name', text: describe(v) }), h('span', { class: 'visitor-state', text: t('door.expected') })),
      );
    }
    const a = v.admission;
    const reason = h('input', {
      type: 'text',
      class: 'undo-reason',
      maxlength: 200,
      'aria-label': t('door.undoReason'),
      placeholder: t('door.undoReason'),
      hidden: true,
    });
    const confirm = h('button', { type: 'button', class: 'button secondary undo-confirm', text: t('door.undoConfirm'), hidden: true });
    const undo = h('button', { type: 'button', class: 'button secondary undo', text: t('door.undo') });
    undo.addEventListener('click', () => {
      reason.hidden = false;
      confirm.hidden = false;
      undo.hidden = true;
      reason.focus();
    });
    confirm.addEventListener('click', () => {
      if (a && reason.value.trim().length >= 2) opts.onUndo?.(a.id, reason.value.trim());
      else reason.focus();
    });
    const when = a ? [t('door.admittedAt', { at: timeOf(a.at) }), a.gate, a.by].filter(Boolean).join(' · ') : t('door.admittedAt', { at: '' });
    return h(
      'li',
      { class: 'visitor visitor-admitted' },
      h('span', { class: 'visitor-name', text: describe(v) }),
      h('span', { class: 'visitor-state', text: when }),
      a && opts.onUndo && !a.offline && a.id > 0 ? h('span', { class: 'undo-box' }, undo, reason, confirm) : null,
    );
  });
  return {
    list: h('ul', { class: 'party' }, rows),
    count: () => ticks.filter((x) => x.box.checked).length,
    /** @returns {{ visitorIds: number[] } | { count: number }} */
    selected() {
      const on = ticks.filter((x) => x.box.checked).map((x) => x.v);
      return on.every((v) => v.id !== null) ? { visitorIds: on.map((v) => /** @type {number} */ (v.id)) } : { count: on.length };
    },
  };
}
