// Lab managers' sessions: occupancy bars (booked, checked in, capacity), capacity edits, close/reopen, cancel,
// and the roster with its CSV download.
import { ApiError, query } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { defaultDay, edition } from '../lib/edition.js';
import { choiceChips, field, textInput } from '../lib/form.js';
import { dayLabel, dateTimeOf, number, timeRange } from '../lib/format.js';
import { pick, t } from '../lib/i18n.js';
import { notice } from '../lib/layout.js';
import { staffApi, staffPage, venuesById } from '../lib/staff.js';

/** @typedef {{ id: number, venueId: number, date: string, startsAt: string, endsAt: string, capacity: number, booked: number, remaining: number, status: 'open' | 'closed' | 'cancelled', checkedIn: number, confirmedBookings: number }} ManagedSession */

export async function render() {
  const page = await staffPage({ title: t('sessions.title'), current: 'sessions', roles: ['venue_manager', 'organiser'] });
  if (!page) return;
  const { main, user } = page;
  const [e, all] = await Promise.all([edition(), venuesById()]);
  if (!e) {
    replace(main, h('h1', { text: t('sessions.title') }), notice('info', t('home.noEdition')));
    return;
  }
  const mine = user.role === 'organiser' ? [...all.values()] : user.venueIds.map((id) => all.get(id)).filter((v) => v !== undefined);
  mine.sort((a, b) => pick(a.name, a.nameEn).localeCompare(pick(b.name, b.nameEn), 'zh-CN'));
  if (!mine.length) {
    replace(main, h('h1', { text: t('sessions.title') }), notice('info', t('sessions.noVenues')));
    return;
  }
  const params = new URLSearchParams(location.search);
  let venueId = Number(params.get('venue')) || mine[0]?.id || 0;
  if (!mine.some((v) => v.id === venueId)) venueId = mine[0]?.id ?? 0;
  let day = e.dates.includes(params.get('date') ?? '') ? /** @type {string} */ (params.get('date')) : defaultDay(e);

  const list = h('div', { class: 'session-list', 'aria-live': 'polite' });
  const venueSelect = h(
    'select',
    { id: 'venue-select' },
    mine.map((v) => h('option', { value: String(v.id), selected: v.id === venueId, text: pick(v.name, v.nameEn) })),
  );
  venueSelect.addEventListener('change', () => {
    venueId = Number(venueSelect.value);
    void load();
  });
  const dayButtons = choiceChips({
    values: e.dates,
    selected: day,
    content: dayLabel,
    onPick: (d) => {
      day = d;
      void load();
    },
  });

  replace(
    main,
    h('h1', { text: t('sessions.title') }),
    h('div', { class: 'field' }, h('label', { for: 'venue-select', text: t('sessions.venue') }), venueSelect),
    h('div', { class: 'chips', role: 'group', 'aria-label': t('home.day') }, dayButtons),
    list,
  );

  async function load() {
    history.replaceState(null, '', location.pathname + query({ venue: venueId, date: day, lang: new URLSearchParams(location.search).get('lang') }));
    list.setAttribute('aria-busy', 'true');
    try {
      const res = await staffApi(`/api/manage/sessions${query({ venueId, date: day })}`);
      /** @type {ManagedSession[]} */
      const items = res.items;
      replace(list, items.length ? items.map((s) => sessionCard(s)) : notice('info', t('sessions.none')));
    } catch (err) {
      replace(list, notice('error', /** @type {Error} */ (err).message));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  /** @param {ManagedSession} s */
  function sessionCard(s) {
    const card = h('article', { class: `card session-card status-${s.status}`, dataset: { sessionId: String(s.id) }, 'aria-labelledby': `s-${s.id}-h` });
    draw(s);
    return card;

    /** @param {ManagedSession} s */
    function draw(s) {
      const msg = h('div', { class: 'card-message', 'aria-live': 'polite' });
      const cap = Math.max(s.capacity, 1);
      const checkedPct = Math.min(100, (s.checkedIn / cap) * 100);
      const bookedPct = Math.min(100 - checkedPct, (Math.max(s.booked - s.checkedIn, 0) / cap) * 100);
      const bar = h('div', { class: 'occupancy', 'aria-hidden': 'true' }, h('span', { class: 'occ-checked' }), h('span', { class: 'occ-booked' }));
      /** @type {HTMLElement} */ (bar.children[0]).style.width = `${checkedPct}%`;
      /** @type {HTMLElement} */ (bar.children[1]).style.width = `${bookedPct}%`;
      const editable = s.status !== 'cancelled';

      const capacityInput = textInput({ type: 'number', inputmode: 'numeric', min: String(Math.max(1, s.booked)), max: '500', value: String(s.capacity) });
      const capField = field({
        label: t('sessions.capacity'),
        hint: t('sessions.capacityHint', { n: s.booked }),
        name: `capacity-${s.id}`,
        input: capacityInput,
      });
      const capForm = h(
        'form',
        { class: 'inline-form', novalidate: true },
        capField.wrap,
        h('button', { type: 'submit', class: 'button primary small', text: t('sessions.saveCapacity') }),
      );
      capForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const value = Number(capacityInput.value);
        if (!Number.isInteger(value) || value < 1 || value > 500) return capField.setError(t('sessions.capacityRange'));
        if (value < s.booked) return capField.setError(t('sessions.capacityBelow', { n: s.booked }));
        capField.setError(undefined);
        await change(
          () => staffApi(`/api/manage/sessions/${s.id}`, { method: 'PATCH', body: { capacity: value } }),
          t('sessions.capacitySaved', { n: value }),
          capField,
        );
      });

      const toggle = h('button', {
        type: 'button',
        class: 'button secondary small',
        text: s.status === 'open' ? t('sessions.close') : t('sessions.reopen'),
        on: {
          click: () =>
            void change(
              () => staffApi(`/api/manage/sessions/${s.id}`, { method: 'PATCH', body: { status: s.status === 'open' ? 'closed' : 'open' } }),
              s.status === 'open' ? t('sessions.closed') : t('sessions.reopened'),
            ),
        },
      });

      const reason = h('textarea', { id: `reason-${s.id}`, rows: '2', maxlength: '500' });
      const reasonError = h('p', { id: `reason-${s.id}-error`, class: 'field-error', hidden: true });
      reason.setAttribute('aria-describedby', reasonError.id);
      const cancelForm = h(
        'form',
        { class: 'cancel-confirm', hidden: true, novalidate: true },
        h('p', { text: t('sessions.cancelQuestion', { n: s.confirmedBookings }) }),
        h('div', { class: 'field' }, h('label', { for: reason.id, text: t('sessions.reason') }), reasonError, reason),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'button danger small', text: t('sessions.cancelConfirm') }),
          h('button', {
            type: 'button',
            class: 'button secondary small',
            text: t('sessions.cancelKeep'),
            on: { click: () => ((cancelForm.hidden = true), (cancelOpen.hidden = false)) },
          }),
        ),
      );
      const cancelOpen = h('button', {
        type: 'button',
        class: 'button secondary small danger-outline',
        text: t('sessions.cancel'),
        on: { click: () => ((cancelForm.hidden = false), (cancelOpen.hidden = true), reason.focus()) },
      });
      cancelForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const text = reason.value.trim();
        reasonError.hidden = Boolean(text);
        reasonError.textContent = text ? '' : t('err.required');
        if (!text) return reason.focus();
        await change(async () => {
          const res = await staffApi(`/api/manage/sessions/${s.id}/cancel`, { method: 'POST', body: { reason: text } });
          return { ...res.session, note: t('sessions.cancelled', { n: res.cancelledBookings, m: res.notificationsQueued }) };
        }, '');
      });

      const rosterBox = h('div', { class: 'roster', hidden: true });
      const rosterButton = h('button', { type: 'button', class: 'button secondary small', 'aria-expanded': 'false', text: t('sessions.roster') });
      rosterButton.addEventListener('click', async () => {
        const open = rosterBox.hidden;
        rosterBox.hidden = !open;
        rosterButton.setAttribute('aria-expanded', String(open));
        if (open) await showRoster(s, rosterBox);
      });

      /**
       * @param {() => Promise<ManagedSession & { note?: string }>} run
       * @param {string} okText
       * @param {import('../lib/form.js').Field} [errorField]
       */
      async function change(run, okText, errorField) {
        try {
          const fresh = await run();
          draw(fresh);
          const note = fresh.note ?? okText;
          if (note) /** @type {HTMLElement} */ (card.querySelector('.card-message')).append(notice('ok', note));
        } catch (err) {
          const e = /** @type {ApiError} */ (err);
          if (errorField && e instanceof ApiError && e.code === 'capacity_below_booked')
            errorField.setError(t('sessions.capacityBelow', { n: e.details.booked }));
          else replace(msg, notice('error', e.message));
        }
      }

      card.className = `card session-card status-${s.status}`;
      replace(
        card,
        h(
          'div',
          { class: 'session-head' },
          h('h2', { id: `s-${s.id}-h`, text: timeRange(s) }),
          h('span', { class: `badge badge-${s.status}`, text: t('status.' + s.status) }),
        ),
        bar,
        h(
          'p',
          { class: 'occ-legend' },
          h('span', { class: 'key key-checked', text: t('sessions.checkedIn', { n: number(s.checkedIn) }) }),
          h('span', { class: 'key key-booked', text: t('sessions.booked', { n: number(s.booked) }) }),
          h('span', { class: 'key key-capacity', text: t('sessions.capacityOf', { n: number(s.capacity) }) }),
          h('span', { class: 'key', text: t('sessions.left', { n: number(s.status === 'open' ? s.remaining : 0) }) }),
        ),
        editable ? capForm : null,
        h(
          'div',
          { class: 'actions' },
          editable ? toggle : null,
          rosterButton,
          h('a', { class: 'button secondary small', href: `/api/manage/sessions/${s.id}/roster?format=csv`, download: '', text: t('sessions.csv') }),
          editable && s.checkedIn === 0 ? cancelOpen : null,
        ),
        editable ? cancelForm : null,
        rosterBox,
        msg,
      );
    }
  }

  await load();
}

/** @param {{ id: number }} s @param {HTMLElement} box */
async function showRoster(s, box) {
  replace(box, h('p', { text: t('sessions.loading') }));
  try {
    const roster = await staffApi(`/api/manage/sessions/${s.id}/roster`);
    /** @type {{ code: string, status: string, partySize: number, contact: { name: string, phone: string }, visitors: { name: string, idNumber: string | null }[], checkedIn: { at: string, admitted: number, gates?: string[] } | null }[]} */
    const items = roster.items;
    if (!items.length) return replace(box, notice('info', t('sessions.rosterEmpty')));
    replace(
      box,
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('sessions.roster') },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              [t('roster.code'), t('roster.contact'), t('roster.visitors'), t('roster.status')].map((c) => h('th', { scope: 'col', text: c })),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((b) =>
              h(
                'tr',
                { class: b.status === 'cancelled' ? 'muted' : undefined },
                h('td', { class: 'mono', text: b.code }),
                h('td', { text: `${b.contact.name} ${b.contact.phone}` }),
                h('td', { text: b.visitors.map((v) => v.name).join('、') }),
                h('td', {
                  text: b.checkedIn
                    ? t('roster.checkedIn', { at: dateTimeOf(b.checkedIn.at).slice(11), n: b.checkedIn.admitted }) +
                      (b.checkedIn.gates?.length ? ` · ${b.checkedIn.gates.join('、')}` : '') +
                      (b.checkedIn.admitted < b.partySize
                        ? ` · ${t('door.progress', { admitted: b.checkedIn.admitted, size: b.partySize, expected: b.partySize - b.checkedIn.admitted })}`
                        : '')
                    : t('status.booking.' + b.status),
                }),
              ),
            ),
          ),
        ),
      ),
    );
  } catch (err) {
    replace(box, notice('error', /** @type {Error} */ (err).message));
  }
}
