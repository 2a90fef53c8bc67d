// For the venue's manager: visitors two scanners both let in while offline. The earlier scan stands; the later one is
// listed here (time, gate, staff), never silently dropped.
import { h, replace } from './dom.js';
import { groupedCode, timeOf } from './format.js';
import { t } from './i18n.js';
import { staffApi } from './staff.js';

/** @param {{ venueId: () => number | undefined }} opts */
export function conflictsSection({ venueId }) {
  const list = h('div', { class: 'conflicts', 'aria-live': 'polite' });
  const box = h('details', { class: 'card conflicts-box' }, h('summary', { text: t('door.conflicts') }), list);
  box.addEventListener('toggle', async () => {
    if (!box.open) return;
    try {
      const id = venueId();
      const res = await staffApi(`/api/checkins/conflicts${id ? `?venueId=${id}` : ''}`);
      /** @param {{ at: string, gate: string | null, by: string | null }} s */
      const who = (s) => [timeOf(s.at), s.gate, s.by].filter(Boolean).join(' ');
      replace(
        list,
        res.items.length === 0
          ? h('p', { text: '—' })
          : h(
              'ul',
              null,
              res.items.map((/** @type {any} */ c) =>
                h('li', {
                  text: t('door.conflictLine', { visitor: c.visitor ?? '—', code: groupedCode(c.code), standing: who(c.standing), later: who(c.later) }),
                }),
              ),
            ),
      );
    } catch (err) {
      replace(list, h('p', { class: 'field-error', text: /** @type {Error} */ (err).message }));
    }
  });
  return box;
}
