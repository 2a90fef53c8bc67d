// Families' front page: the venues taking part come first; search stays in view, the day and the other filters fold
// behind one button (open when the link already sets one).
import { api, query } from '../lib/api.js';
import { h, nextId, replace } from '../lib/dom.js';
import { edition, todayOf } from '../lib/edition.js';
import { choiceChips } from '../lib/form.js';
import { dayLabel, number, serverNow } from '../lib/format.js';
import { pick, t } from '../lib/i18n.js';
import { notice, renderPage } from '../lib/layout.js';

const PAGE_SIZE = 50;

/**
 * @typedef {{ id: number, name: string, nameEn: string, kind: string, level: string, designation: string, designationEn: string,
 *   district: string | null, host: string, hostEn: string, field: string, fieldEn: string, minAge: number,
 *   ageRange: { min: number, max: number } | null, tags: string[], sessionCount: number, remaining: number }} VenueSummary
 */

export async function render() {
  const main = renderPage({ title: t('home.title') });
  const e = await edition();
  if (!e) {
    replace(main, h('h1', { text: t('home.title') }), notice('info', t('home.noEdition')));
    return;
  }
  const params = new URLSearchParams(location.search);
  const state = {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    level: params.get('level') ?? '',
    district: params.get('district') ?? '',
    date: e.dates.includes(params.get('date') ?? '') ? /** @type {string} */ (params.get('date')) : '',
    available: params.get('available') === 'true',
    page: 1,
  };

  // Districts come from the whole list, so the filter offers every district that takes part.
  const all = await api(`/api/venues${query({ pageSize: 100 })}`);
  const districts = [...new Set(/** @type {VenueSummary[]} */ (all.items).map((v) => v.district).filter(Boolean))].sort();

  const today = todayOf(e);
  const opensAt = new Date(e.bookingOpensAt);
  const results = h('div', { class: 'results' });
  const count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });

  const dayButtons = choiceChips({
    values: ['', ...e.dates],
    selected: state.date,
    content: (d) => [d ? dayLabel(d) : t('home.allDays'), d === today ? h('span', { class: 'chip-note', text: t('home.today') }) : null],
    onPick: (d) => {
      state.date = d;
      void reload();
    },
  });

  const searchId = nextId('q');
  const search = h('input', {
    id: searchId,
    type: 'search',
    name: 'q',
    value: state.q,
    autocomplete: 'off',
    placeholder: t('home.searchPlaceholder'),
    enterkeyhint: 'search',
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.q = search.value.trim();
      void reload();
    }, 300);
  });

  /** @param {string} key @param {string} label @param {[string, string][]} options */
  const select = (key, label, options) => {
    const id = nextId(key);
    const el = h(
      'select',
      {
        id,
        name: key,
        on: {
          change: () => {
            /** @type {Record<string, unknown>} */ (state)[key] = el.value;
            void reload();
          },
        },
      },
      h('option', { value: '', text: t('filter.any') }),
      options.map(([value, text]) => h('option', { value, selected: value === /** @type {any} */ (state)[key], text })),
    );
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), el);
  };

  const availableId = nextId('available');
  const available = h('input', { id: availableId, type: 'checkbox', name: 'available', checked: state.available });
  available.addEventListener('change', () => {
    state.available = available.checked;
    void reload();
  });

  const filterSummary = h('summary', { class: 'button secondary' });
  const filterFold = h(
    'details',
    { class: 'filter-fold', open: activeFilters() > 0 },
    filterSummary,
    h('fieldset', { class: 'days' }, h('legend', { text: t('home.day') }), h('div', { class: 'chips' }, dayButtons)),
    h(
      'div',
      { class: 'filter-grid' },
      select('kind', t('filter.kind'), [
        ['lab', t('kind.lab')],
        ['science_base', t('kind.science_base')],
      ]),
      select('level', t('filter.level'), [
        ['national', t('level.national')],
        ['provincial', t('level.provincial')],
      ]),
      select(
        'district',
        t('filter.district'),
        districts.map((d) => [/** @type {string} */ (d), /** @type {string} */ (d)]),
      ),
    ),
    h('div', { class: 'check' }, available, h('label', { for: availableId, text: t('filter.available') })),
  );
  function activeFilters() {
    return [state.date, state.kind, state.level, state.district, state.available ? 'y' : ''].filter(Boolean).length;
  }

  replace(
    main,
    h(
      'section',
      { class: 'hero' },
      h('h1', { text: pick(e.name, e.nameEn) }),
      h('p', { class: 'lead', text: t('home.lead', { city: pick(e.city, e.cityEn), from: dayLabel(e.startDate), to: dayLabel(e.endDate) }) }),
      opensAt > serverNow() ? notice('info', t('home.opensAt', { at: e.bookingOpensAt.slice(0, 16).replace('T', ' ') })) : null,
      h('p', null, h('a', { class: 'button secondary', href: '/my-booking', text: t('home.findMyBooking') })),
    ),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': t('home.filtersLabel'),
        on: {
          submit: (ev) => {
            ev.preventDefault();
            state.q = search.value.trim();
            void reload();
          },
        },
      },
      h('div', { class: 'field' }, h('label', { for: searchId, text: t('home.search') }), search),
      filterFold,
    ),
    h(
      'section',
      { 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading', class: 'visually-hidden', text: t('home.results') }),
      count,
      results,
    ),
  );

  let generation = 0;
  async function reload(more = false) {
    const mine = ++generation;
    const n = activeFilters();
    filterSummary.textContent = n ? t('home.filtersOn', { n }) : t('home.filters');
    state.page = more ? state.page + 1 : 1;
    const filters = { q: state.q, kind: state.kind, level: state.level, district: state.district, date: state.date, available: state.available ? 'true' : '' };
    history.replaceState(null, '', location.pathname + query({ ...filters, lang: new URLSearchParams(location.search).get('lang') }));
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/api/venues${query({ ...filters, page: state.page, pageSize: PAGE_SIZE })}`);
      if (mine !== generation) return;
      const cards = /** @type {VenueSummary[]} */ (page.items).map((v) => venueCard(v, state.date));
      if (more) results.querySelector('ul')?.append(...cards);
      else replace(results, cards.length ? h('ul', { class: 'venue-list' }, cards) : notice('info', t('home.none')));
      results.querySelector('.more')?.remove();
      if (page.page * page.pageSize < page.total) {
        results.append(h('button', { type: 'button', class: 'button secondary more', text: t('home.more'), on: { click: () => void reload(true) } }));
      }
      count.textContent = t('home.count', { n: page.total });
    } catch (err) {
      if (mine === generation) replace(results, notice('error', /** @type {Error} */ (err).message));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }
  await reload();
}

/** @param {VenueSummary} v @param {string} date */
function venueCard(v, date) {
  const href = `/venues/${v.id}${date ? `?date=${date}` : ''}`;
  const full = v.remaining <= 0;
  return h(
    'li',
    { class: 'card venue-card' },
    h('h3', null, h('a', { href, class: 'card-link', text: pick(v.name, v.nameEn) })),
    h(
      'p',
      { class: 'tags' },
      h('span', { class: `tag tag-${v.kind}`, text: t('kind.' + v.kind) }),
      h('span', { class: 'tag', text: pick(v.designation, v.designationEn) }),
    ),
    h('p', { class: 'meta', text: [pick(v.host, v.hostEn), v.district].filter(Boolean).join(' · ') }),
    h('p', { class: 'meta', text: t('venue.field', { field: pick(v.field, v.fieldEn) }) }),
    h('p', { class: 'meta ages', text: [t('card.minAge', { n: v.minAge }), v.ageRange ? t('card.ages', v.ageRange) : null].filter(Boolean).join(' · ') }),
    h('p', { class: full ? 'places places-none' : 'places', text: placesText(v.remaining, date) }),
  );
}

/** Places left, of the chosen day when there is one. @param {number} remaining @param {string} date */
function placesText(remaining, date) {
  if (!date) return remaining <= 0 ? t('places.none') : t('places.left', { n: number(remaining) });
  const day = dayLabel(date);
  return remaining <= 0 ? t('places.noneOn', { day }) : t('places.leftOn', { n: number(remaining), day });
}
