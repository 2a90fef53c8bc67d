// One venue: its theme, rules and access, and a grid of its time slots with the places left.
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { edition, defaultDay } from '../lib/edition.js';
import { choiceChips } from '../lib/form.js';
import { dayLabel, number, serverNow, timeRange } from '../lib/format.js';
import { pick, t } from '../lib/i18n.js';
import { notice, renderPage, showFailure } from '../lib/layout.js';
import { mapLink } from '../lib/maps.js';

/**
 * @typedef {{ id: number, date: string, startsAt: string, endsAt: string, capacity: number, booked: number, remaining: number,
 *   status: 'open' | 'closed' | 'cancelled', bookable: boolean, bookingClosesAt: string }} SessionView
 */

export async function render() {
  const main = renderPage({ title: t('venue.title') });
  const id = Number(location.pathname.split('/')[2]);
  let venue;
  try {
    venue = await api(`/api/venues/${id}`);
  } catch (err) {
    return showFailure(main, err);
  }
  const e = await edition();
  const name = pick(venue.name, venue.nameEn);
  document.title = `${name} · ${t('site.name')}`;
  /** @type {SessionView[]} */
  const sessions = venue.sessions;
  const dates = [...new Set(sessions.map((s) => s.date))];
  const params = new URLSearchParams(location.search);
  const asked = params.get('date');
  // A link to a day the venue is not open says so (instead of silently showing another day) and offers the open days.
  const closedDay = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && !dates.includes(asked) ? asked : null;
  let day = asked && dates.includes(asked) ? asked : e ? defaultDay(e, dates) : dates[0];
  // A party size carried in the link (from the booking form's suggestions): the day chips say where it fits.
  const party = Math.max(0, Math.min(50, Number(params.get('party')) || 0));
  const fits = (/** @type {string} */ d) => sessions.some((s) => s.date === d && s.bookable && s.remaining >= party);

  const rules = venue.rules;
  const address = venue.address || venue.district;
  const grid = h('div', { class: 'slots', id: 'slots', role: 'region', 'aria-live': 'polite', 'aria-label': t('venue.slots') });
  const dayButtons = choiceChips({
    values: dates,
    selected: day,
    content: (d) => (party > 1 ? `${dayLabel(d)} · ${fits(d) ? t('venue.roomFor', { n: party }) : t('venue.noRoomFor', { n: party })}` : dayLabel(d)),
    attrs: { 'aria-controls': 'slots' },
    onPick: (d) => {
      day = d;
      drawSlots();
    },
  });

  replace(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '/', text: t('nav.allVenues') })),
    h('h1', { text: name }),
    h(
      'p',
      { class: 'tags' },
      h('span', { class: `tag tag-${venue.kind}`, text: t('kind.' + venue.kind) }),
      h('span', { class: 'tag', text: pick(venue.designation, venue.designationEn) }),
    ),
    h('p', { class: 'meta', text: pick(venue.host, venue.hostEn) }),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'theme-h' },
      h('h2', { id: 'theme-h', text: t('venue.theme') }),
      h('p', { text: pick(venue.description, venue.descriptionEn) || t('venue.field', { field: pick(venue.field, venue.fieldEn) }) }),
      address
        ? h(
            'p',
            { class: 'address' },
            h('span', { text: `${t('venue.address')}：${[venue.district, venue.address].filter(Boolean).join(' ')}` }),
            ' ',
            h('a', { href: mapLink({ name: venue.name, address: venue.address }, e ? e.city : ''), rel: 'noopener', target: '_blank', text: t('venue.map') }),
          )
        : null,
      venue.contact?.phone ? h('p', null, `${t('venue.contact')}：`, h('a', { href: `tel:${venue.contact.phone}`, text: venue.contact.phone })) : null,
    ),
    h(
      'section',
      { class: 'card rules', 'aria-labelledby': 'rules-h' },
      h('h2', { id: 'rules-h', text: t('venue.rules') }),
      h(
        'ul',
        { class: 'rule-list' },
        h('li', { text: rules.minAge > 0 ? t('rules.minAge', { n: rules.minAge }) : t('rules.anyAge') }),
        h('li', { text: rules.realNameRequired ? t('rules.realName') : t('rules.noRealName') }),
        h('li', { text: t('rules.partySize', { n: rules.maxPartySize }) }),
        h('li', { text: pick(venue.accessibility, venue.accessibilityEn) || t('rules.noAccessInfo') }),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'slots-h' },
      h('h2', { id: 'slots-h', text: t('venue.slots') }),
      closedDay ? notice('warn', t('venue.closedDay', { day: dayLabel(closedDay) })) : null,
      dates.length ? h('div', { class: 'chips', role: 'group', 'aria-label': t('home.day') }, dayButtons) : null,
      grid,
    ),
  );

  function drawSlots() {
    const today = sessions.filter((s) => s.date === day);
    if (!today.length) return replace(grid, notice('info', t('venue.noSlots')));
    replace(grid, h('ul', { class: 'slot-grid' }, today.map(slot)));
  }

  /** @param {SessionView} s */
  function slot(s) {
    const started = new Date(s.startsAt) <= serverNow();
    /** @type {[string, string]} */
    let [state, text] = ['open', t('places.left', { n: number(s.remaining) })];
    /** @type {HTMLElement | null} */
    let action = null;
    if (s.status === 'cancelled') [state, text] = ['off', t('slot.cancelled')];
    else if (s.status === 'closed') [state, text] = ['off', t('slot.closed')];
    else if (started) [state, text] = ['off', t('slot.past')];
    else if (s.remaining <= 0) {
      [state, text] = ['full', t('places.none')];
      // Full before the booking cutoff: families may queue for places that come free.
      if (new Date(s.bookingClosesAt) > serverNow())
        action = h('a', { class: 'button secondary small', href: `/book/${s.id}?waitlist=1`, text: t('slot.joinWaitlist') });
    } else if (!s.bookable) {
      const notYet = e && new Date(e.bookingOpensAt) > serverNow();
      [state, text] = ['off', notYet ? t('slot.notOpen') : t('slot.bookingClosed')];
    } else {
      action = h('a', {
        class: 'button small',
        href: `/book/${s.id}${party > 1 ? `?party=${party}` : ''}`,
        'aria-label': t('slot.bookLabel', { time: timeRange(s), n: s.remaining }),
        text: t('slot.book'),
      });
    }
    return h(
      'li',
      { class: `slot slot-${state}`, dataset: { sessionId: String(s.id) } },
      h('p', { class: 'slot-time', text: timeRange(s) }),
      h('p', { class: 'slot-state', text }),
      action,
    );
  }

  drawSlots();
}
