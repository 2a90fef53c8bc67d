// "Try these instead": sessions with room for the whole party, on other days of the same venue and at similar
// venues (GET /api/sessions/:id/alternatives), each a link to its booking form.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { dayLabel, timeRange } from './format.js';
import { pick, t } from './i18n.js';

/** A box that fills itself with suggestions for a party of `party`. @param {number} sessionId @param {number} party */
export function suggestions(sessionId, party) {
  const box = h('section', { class: 'suggestions', 'aria-live': 'polite' });
  void api(`/api/sessions/${sessionId}/alternatives?party=${party}`)
    .then((/** @type {{ sameVenue: any[], similar: any[] }} */ a) => {
      if (a.sameVenue.length === 0 && a.similar.length === 0) return replace(box, h('p', { class: 'hint', text: t('suggest.none', { n: party }) }));
      /** @param {string} title @param {any[]} items @param {boolean} withVenue */
      const group = (title, items, withVenue) =>
        items.length
          ? [
              h('h3', { text: title }),
              h(
                'ul',
                { class: 'suggestion-list' },
                items.map((s) =>
                  h(
                    'li',
                    null,
                    h('a', {
                      href: `/book/${s.session.id}?party=${party}`,
                      text: `${withVenue ? `${pick(s.venue.name, s.venue.nameEn)} · ` : ''}${dayLabel(s.session.date)} ${timeRange(s.session)} · ${t('places.left', { n: s.session.remaining })}`,
                    }),
                  ),
                ),
              ),
            ]
          : [];
      replace(
        box,
        h('h2', { text: t('suggest.title', { n: party }) }),
        ...group(t('suggest.sameVenue'), a.sameVenue, false),
        ...group(t('suggest.similar'), a.similar, true),
      );
    })
    .catch(() => replace(box));
  return box;
}
