// Organisers' overview: places booked and left, and today's check-ins, by day and by venue across the edition.
import { h, replace } from '../lib/dom.js';
import { edition, todayOf } from '../lib/edition.js';
import { dayLabel, number, serverNow } from '../lib/format.js';
import { pick, t } from '../lib/i18n.js';
import { notice } from '../lib/layout.js';
import { staffApi, staffPage, venuesById } from '../lib/staff.js';

/** @typedef {{ id: number, venueId: number, date: string, startsAt: string, capacity: number, booked: number, remaining: number, status: string, checkedIn: number }} ManagedSession */
/** @typedef {{ sessions: number, capacity: number, booked: number, left: number, checkedIn: number }} Totals */

/** @param {ManagedSession[]} list @returns {Totals} */
function totals(list) {
  const live = list.filter((s) => s.status !== 'cancelled');
  return {
    sessions: live.length,
    capacity: live.reduce((n, s) => n + s.capacity, 0),
    booked: live.reduce((n, s) => n + s.booked, 0),
    // Places still on offer: open sessions that have not started.
    left: live.filter((s) => s.status === 'open' && Date.parse(s.startsAt) > serverNow().getTime()).reduce((n, s) => n + s.remaining, 0),
    checkedIn: list.reduce((n, s) => n + s.checkedIn, 0),
  };
}

export async function render() {
  const page = await staffPage({ title: t('overview.title'), current: 'overview', roles: ['organiser'], wide: true });
  if (!page) return;
  const { main } = page;
  const [e, venues, res] = await Promise.all([edition(), venuesById(), staffApi('/api/manage/sessions')]);
  if (!e) {
    replace(main, h('h1', { text: t('overview.title') }), notice('info', t('home.noEdition')));
    return;
  }
  /** @type {ManagedSession[]} */
  const sessions = res.items;
  const today = todayOf(e);
  const all = totals(sessions);
  const todays = totals(sessions.filter((s) => s.date === today));
  const inWeek = e.dates.includes(today);

  /** @param {string} label @param {string} value @param {string} [note] */
  const stat = (label, value, note) =>
    h(
      'div',
      { class: 'stat' },
      h('p', { class: 'stat-value', text: value }),
      h('p', { class: 'stat-label', text: label }),
      note ? h('p', { class: 'stat-note', text: note }) : null,
    );

  const byVenue = new Map();
  for (const s of sessions) {
    if (!byVenue.has(s.venueId)) byVenue.set(s.venueId, []);
    byVenue.get(s.venueId).push(s);
  }
  const daySelect = h(
    'select',
    { id: 'venue-day' },
    h('option', { value: '', text: t('home.allDays') }),
    e.dates.map((d) => h('option', { value: d, selected: inWeek && d === today, text: dayLabel(d) })),
  );
  const venueTable = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'by-venue-h' });

  function drawVenues() {
    const day = daySelect.value;
    const rows = [...byVenue.entries()]
      .map(([venueId, list]) => ({
        venue: venues.get(venueId),
        t: totals(day ? list.filter((/** @type {ManagedSession} */ s) => s.date === day) : list),
        today: totals(list.filter((/** @type {ManagedSession} */ s) => s.date === today)),
      }))
      .filter((r) => r.t.sessions > 0 || r.t.checkedIn > 0)
      .sort(
        (a, b) =>
          (a.venue?.district ?? '').localeCompare(b.venue?.district ?? '', 'zh-CN') ||
          pick(a.venue?.name, a.venue?.nameEn).localeCompare(pick(b.venue?.name, b.venue?.nameEn), 'zh-CN'),
      );
    replace(
      venueTable,
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            [t('overview.venue'), t('overview.booked'), t('overview.left'), t('overview.checkinsToday')].map((c) => h('th', { scope: 'col', text: c })),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r) => {
            const bar = h('span', { class: 'mini-bar', 'aria-hidden': 'true' }, h('span'));
            /** @type {HTMLElement} */ (bar.firstChild).style.width = `${r.t.capacity ? Math.min(100, (r.t.booked / r.t.capacity) * 100) : 0}%`;
            return h(
              'tr',
              null,
              h(
                'th',
                { scope: 'row' },
                h('a', { href: `/staff/sessions?venue=${r.venue?.id ?? ''}${day ? `&date=${day}` : ''}`, text: pick(r.venue?.name, r.venue?.nameEn) || '—' }),
                r.venue?.district ? h('span', { class: 'cell-note', text: r.venue.district }) : null,
              ),
              h('td', null, `${number(r.t.booked)} / ${number(r.t.capacity)}`, bar),
              h('td', { text: number(r.t.left) }),
              h('td', { text: number(r.today.checkedIn) }),
            );
          }),
        ),
      ),
    );
  }
  daySelect.addEventListener('change', drawVenues);

  replace(
    main,
    h('h1', { text: t('overview.title') }),
    h('p', { class: 'lead', text: pick(e.name, e.nameEn) }),
    h(
      'section',
      { class: 'stats', 'aria-label': t('overview.totals') },
      stat(t('overview.placesBooked'), number(all.booked), t('overview.ofCapacity', { n: number(all.capacity) })),
      stat(t('overview.placesLeft'), number(all.left)),
      stat(t('overview.checkinsToday'), number(todays.checkedIn), inWeek ? dayLabel(today) : t('overview.notInWeek')),
      stat(t('overview.venues'), number(byVenue.size), t('overview.sessions', { n: number(all.sessions) })),
    ),
    h(
      'section',
      { 'aria-labelledby': 'by-day-h' },
      h('h2', { id: 'by-day-h', text: t('overview.byDay') }),
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'by-day-h' },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              [t('overview.day'), t('overview.booked'), t('overview.left'), t('overview.checkins')].map((c) => h('th', { scope: 'col', text: c })),
            ),
          ),
          h(
            'tbody',
            null,
            e.dates.map((d) => {
              const x = totals(sessions.filter((s) => s.date === d));
              return h(
                'tr',
                { class: d === today ? 'today' : undefined },
                h('th', { scope: 'row', class: 'nowrap', text: dayLabel(d) }),
                h('td', { text: `${number(x.booked)} / ${number(x.capacity)}` }),
                h('td', { text: number(x.left) }),
                h('td', { text: number(x.checkedIn) }),
              );
            }),
          ),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'by-venue-h' },
      h('h2', { id: 'by-venue-h', text: t('overview.byVenue') }),
      h('div', { class: 'field' }, h('label', { for: 'venue-day', text: t('overview.showDay') }), daySelect),
      venueTable,
    ),
  );
  drawVenues();
}
