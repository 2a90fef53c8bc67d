// A session's draw, for everyone: the seed's hash and when it was published, the seed once drawn, the order and the
// outcomes by application number, and how to check it all with the published script.
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { has, t } from '../lib/i18n.js';
import { notice, renderPage } from '../lib/layout.js';
import { dateTimeOf } from '../lib/format.js';

/**
 * @typedef {{ status: string, opensAt: string, closesAt: string, seedHash: string, hashPublishedAt: string, seed: string | null,
 *   drawnAt: string | null, places: number | null, applications: { id: number, partySize: number, rank: number | null, outcome: string }[],
 *   verify: Record<string, string> }} Draw
 */

export async function render() {
  const main = renderPage({ title: t('draw.title') });
  const sessionId = Number(location.pathname.split('/')[2]);
  /** @type {Draw} */
  let draw;
  try {
    draw = await api(`/api/sessions/${sessionId}/draw`);
  } catch (err) {
    const e = /** @type {ApiError} */ (err);
    replace(main, h('h1', { text: t('draw.title') }), notice('error', e instanceof ApiError && e.status === 404 ? t('draw.notFound') : e.message));
    return;
  }
  const json = URL.createObjectURL(new Blob([JSON.stringify(draw, null, 2)], { type: 'application/json' }));
  const outcome = (/** @type {string} */ o) => (has(`draw.outcome.${o}`) ? t(`draw.outcome.${o}`) : o);
  replace(
    main,
    h('h1', { text: t('draw.title') }),
    h('p', { class: 'status-title', text: has(`draw.status.${draw.status}`) ? t(`draw.status.${draw.status}`) : draw.status }),
    h('p', { text: t('draw.window', { from: dateTimeOf(draw.opensAt), to: dateTimeOf(draw.closesAt) }) }),
    h('h2', { text: t('draw.hash') }),
    h('p', null, h('code', { 'data-test': 'seed-hash', text: draw.seedHash })),
    h('p', { text: t('draw.published', { at: dateTimeOf(draw.hashPublishedAt) }) }),
    h('h2', { text: t('draw.seed') }),
    h('p', null, h('code', { 'data-test': 'seed', text: draw.seed ?? t('draw.seedPending') })),
    draw.drawnAt ? h('p', { text: t('draw.drawnAt', { at: dateTimeOf(draw.drawnAt), places: draw.places ?? 0 }) }) : null,
    h(
      'table',
      { class: 'table' },
      h('thead', null, h('tr', null, ...['rank', 'id', 'size', 'outcome'].map((k) => h('th', { text: t(`draw.table.${k}`) })))),
      h(
        'tbody',
        null,
        ...draw.applications.map((a) =>
          h(
            'tr',
            null,
            h('td', { text: a.rank === null ? '—' : String(a.rank) }),
            h('td', { text: String(a.id) }),
            h('td', { text: String(a.partySize) }),
            h('td', { text: outcome(a.outcome) }),
          ),
        ),
      ),
    ),
    h('h2', { text: t('draw.verify') }),
    h('ol', null, ...Object.values(draw.verify).map((line) => h('li', null, h('code', { text: line })))),
    h('p', null, h('a', { class: 'button secondary', href: json, download: `draw-${sessionId}.json`, text: t('draw.download') })),
  );
}
