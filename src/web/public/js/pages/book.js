// The booking form (and, with ?waitlist=1, the waiting-list form): contact and visitors, checked as they are
// typed; the server's answer is the authority and its problems land next to the same fields.
import { api, ApiError, idempotencyKey } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { field, showSummary, textInput } from '../lib/form.js';
import { dayLabel, number, timeRange } from '../lib/format.js';
import { pick, t } from '../lib/i18n.js';
import { notice, renderPage, showFailure } from '../lib/layout.js';
import { isContactPhone, nameProblem, normalisePhone } from '../lib/rules.js';
import { rememberPhone } from '../lib/booking-view.js';
import { phoneProof, provenPhone } from '../lib/phone-proof.js';
import { visitorFields } from '../lib/visitor-fields.js';
import { suggestions } from '../lib/suggestions.js';
import { familyHelpers, saveFamily } from '../lib/saved-family.js';

/** @typedef {import('../lib/form.js').Field} Field */

export async function render() {
  const waitlistMode = new URLSearchParams(location.search).get('waitlist') === '1';
  const main = renderPage({ title: waitlistMode ? t('book.waitlistTitle') : t('book.title') });
  const sessionId = Number(location.pathname.split('/')[2]);
  /** @type {any} */
  let session;
  /** @type {any} */
  let venue;
  try {
    session = await api(`/api/sessions/${sessionId}`);
    venue = await api(`/api/venues/${session.venueId}`);
  } catch (err) {
    return showFailure(main, err);
  }
  const rules = venue.rules;
  const venueName = pick(venue.name, venue.nameEn);
  const back = h('p', { class: 'crumbs' }, h('a', { href: `/venues/${venue.id}?date=${session.date}`, text: t('book.back', { venue: venueName }) }));
  const heading = h('h1', { text: waitlistMode ? t('book.waitlistTitle') : t('book.title') });
  const summary = h(
    'section',
    { class: 'card session-summary', 'aria-label': t('book.sessionLabel') },
    h('p', { class: 'summary-venue', text: venueName }),
    h('p', { class: 'summary-time', text: `${dayLabel(session.date)} ${timeRange(session)}` }),
    waitlistMode ? null : h('p', { class: 'places', text: t('places.left', { n: number(session.remaining) }) }),
  );

  if (!waitlistMode && !session.bookable) {
    const full = session.remaining <= 0 && session.status === 'open';
    const join = full ? h('p', null, h('a', { class: 'button primary', href: `/book/${session.id}?waitlist=1`, text: t('book.joinWaitlist') })) : null;
    replace(main, back, heading, summary, notice('warn', full ? t('book.full') : t('book.notBookable')), join, suggestions(session.id, 1));
    return;
  }

  // The venue's own limit: a family larger than the places left is offered the waiting list, not a shorter menu.
  const maxParty = rules.maxPartySize;
  /** @type {Map<string, Field>} */
  const fields = new Map();
  /** @type {Map<string, () => string | undefined>} */
  const checks = new Map();
  const touched = new Set();
  let aboutToSubmit = false;

  /** @param {string} name @param {Field} f @param {() => string | undefined} check */
  function register(name, f, check) {
    fields.set(name, f);
    checks.set(name, check);
    f.input.addEventListener('blur', () => {
      // A tap on the submit button blurs the field first: an error appearing then would move the button
      // from under the finger. The submit checks every field anyway.
      if (aboutToSubmit) return;
      touched.add(name);
      f.setError(check());
    });
    f.input.addEventListener('input', () => {
      // Once a field has shown an error, it clears as soon as the value is right.
      if (touched.has(name)) f.setError(check());
    });
    return f;
  }
  const contactName = field({ label: t('book.contactName'), name: 'contact.name', input: textInput({ autocomplete: 'name', maxlength: 60 }) });
  register('contact.name', contactName, () => nameMessage(contactName.input.value));
  const phone = field({
    label: t('book.phone'),
    hint: t('book.phoneHint'),
    name: 'contact.phone',
    input: textInput({ type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 }),
  });
  register('contact.phone', phone, () => phoneMessage(phone.input.value));
  const proof = phoneProof(/** @type {HTMLInputElement} */ (phone.input), { onProven: () => phone.setError(undefined) });
  void provenPhone().then((p) => p && proof.adopt(p));

  const partySelect = h(
    'select',
    null,
    Array.from({ length: maxParty }, (_, i) => h('option', { value: String(i + 1), text: t('book.people', { n: i + 1 }) })),
  );
  const party = field({ label: t('book.partySize'), hint: t('book.partyHint', { n: maxParty }), name: 'partySize', input: partySelect });
  fields.set('partySize', party);
  const visitorsBox = h('div', { class: 'visitors' });
  const overBox = h('div', { 'aria-live': 'polite' });
  const toWaitlist = () => waitlistMode || Number(partySelect.value) > session.remaining;

  /** @type {ReturnType<typeof visitorFields>[]} */
  let visitors = [];
  function drawVisitors() {
    const n = Number(partySelect.value);
    while (visitors.length < n) {
      const i = visitors.length;
      const v = visitorFields(i, rules, session.date);
      register(`visitors.${i}.name`, v.name, () => nameMessage(v.name.input.value));
      register(`visitors.${i}.idNumber`, v.id, () => v.idMessage(visitors.slice(0, i).map((o) => o.key())));
      register(`visitors.${i}.birthDate`, v.birth, () => v.birthMessage());
      visitors.push(v);
    }
    for (let i = n; i < visitors.length; i++) {
      for (const name of [`visitors.${i}.name`, `visitors.${i}.idNumber`, `visitors.${i}.birthDate`]) {
        fields.delete(name);
        checks.delete(name);
      }
    }
    visitors = visitors.slice(0, n);
    replace(
      visitorsBox,
      visitors.map((v) => v.wrap),
    );
    // Why a larger family goes on the waiting list, and what the button now does.
    const over = !waitlistMode && n > session.remaining;
    replace(overBox, over ? notice('info', t('book.overRemaining', { n, left: session.remaining })) : null, over ? suggestions(session.id, n) : null);
    submit.textContent = toWaitlist() ? t('book.submitWaitlist') : t('book.submit');
  }
  partySelect.addEventListener('change', drawVisitors);
  const askedParty = new URLSearchParams(location.search).get('party');
  if (askedParty && Number(askedParty) <= maxParty) partySelect.value = askedParty;

  /** @param {string} value */
  function nameMessage(value) {
    const problem = nameProblem(value);
    return problem ? t('err.name.' + problem) : undefined;
  }
  /** @param {string} value */
  function phoneMessage(value) {
    if (!value.trim()) return t('err.phone.required');
    return isContactPhone(normalisePhone(value)) ? undefined : t('err.phone.format');
  }

  const errorBox = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary block', text: waitlistMode ? t('book.submitWaitlist') : t('book.submit') });
  const form = h(
    'form',
    { class: 'booking-form', novalidate: true, 'aria-labelledby': 'form-h' },
    h('h2', { id: 'form-h', class: 'visually-hidden', text: t('book.formLabel') }),
    errorBox,
    h('fieldset', null, h('legend', { text: t('book.contact') }), contactName.wrap, phone.wrap, proof.wrap),
    h(
      'fieldset',
      null,
      h('legend', { text: t('book.visitors') }),
      familyHelpers({
        contactInput: /** @type {HTMLInputElement} */ (contactName.input),
        partySelect,
        maxParty,
        redraw: drawVisitors,
        visitorAt: (i) => visitors[i],
      }),
      party.wrap,
      overBox,
      visitorsBox,
    ),
    h('p', { class: 'hint', text: t('book.privacy') }),
    submit,
  );

  submit.addEventListener('pointerdown', () => {
    aboutToSubmit = true;
    setTimeout(() => (aboutToSubmit = false), 1000);
  });

  let lastBody = '';
  let lastKey = '';
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    aboutToSubmit = false;
    /** @type {{ field?: Field, message: string }[]} */
    const problems = [];
    for (const [name, check] of checks) {
      touched.add(name);
      const message = check();
      const f = fields.get(name);
      f?.setError(message);
      if (message) problems.push({ field: f, message: t('form.problem', { label: labelOf(name), message }) });
    }
    showSummary(errorBox, problems);
    if (problems.length) return;

    const body = {
      sessionId: session.id,
      contact: { name: contactName.input.value.trim(), phone: normalisePhone(phone.input.value) },
      visitors: visitors.map((v) => v.value()),
      language: document.documentElement.lang === 'en' ? 'en' : 'zh',
    };
    // The same body resent after a lost answer keeps its key, so the server books it once.
    const json = JSON.stringify(body);
    if (json !== lastBody) [lastBody, lastKey] = [json, idempotencyKey()];
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = t('book.sending');
    try {
      if (toWaitlist()) {
        const entry = await api(`/api/sessions/${session.id}/waitlist`, { method: 'POST', body, headers: { 'idempotency-key': lastKey } });
        rememberPhone(`waitlist.${entry.id}`, body.contact.phone);
        replace(
          main,
          back,
          h('h1', { text: t('waitlist.joined') }),
          summary,
          notice('ok', t('waitlist.position', { n: entry.position })),
          h('p', null, h('a', { class: 'button secondary', href: `/waitlist/${entry.id}`, text: t('waitlist.check') })),
        );
        return;
      }
      const booking = await api('/api/bookings', { method: 'POST', body, headers: { 'idempotency-key': lastKey } });
      rememberPhone(booking.code, body.contact.phone);
      saveFamily(body.contact.name, body.visitors);
      sessionStorage.setItem('openday.justBooked', booking.code);
      // Replace, not assign: Back from the pass goes to the venue, not to a blank form for the slot just booked.
      location.replace(booking.pass);
    } catch (err) {
      showServerProblems(/** @type {ApiError} */ (err));
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      submit.textContent = toWaitlist() ? t('book.submitWaitlist') : t('book.submit');
    }
  });
  drawVisitors();

  /** @param {string} name */
  function labelOf(name) {
    const m = /^visitors\.(\d+)\.(\w+)$/.exec(name);
    if (m)
      return `${t('book.visitor', { n: Number(m[1]) + 1 })} ${t({ name: 'book.visitorName', birthDate: 'doc.birthDate', idType: 'doc.type' }[m[2] ?? ''] ?? 'book.idNumberShort')}`;
    return { 'contact.name': t('book.contactName'), 'contact.phone': t('book.phone'), partySize: t('book.partySize') }[name] ?? name;
  }

  /** The server said no: put each problem next to its field, or above the form. @param {ApiError} err */
  function showServerProblems(err) {
    /** @type {{ field?: Field, message: string }[]} */
    const problems = [];
    /** @param {string} name @param {string} message */
    const at = (name, message) => {
      const f = fields.get(name);
      f?.setError(message);
      problems.push({ field: f, message: f ? t('form.problem', { label: labelOf(name), message }) : message });
    };
    if (!(err instanceof ApiError)) {
      problems.push({ message: String(err) });
    } else if (err.code === 'validation_failed' && err.fields.length) {
      for (const p of err.fields) at(p.field, serverFieldMessage(p.type) ?? p.message);
    } else if (err.code === 'under_min_age') {
      for (const i of err.details.visitors ?? []) at(`visitors.${i}.idNumber`, t('err.id.underAge', { n: err.details.minAge ?? rules.minAge }));
    } else if (['phone_not_verified', 'phone_token_expired', 'phone_token_invalid', 'phone_mismatch'].includes(err.code)) {
      proof.demand(t('proof.needed'));
      at('contact.phone', t('proof.needed'));
    } else if (err.code === 'duplicate_visitor') {
      // The server names each visitor (masked ID number) and where they are booked already.
      problems.push({ message: err.message });
    } else if (err.code === 'phone_limit_reached') {
      at('contact.phone', err.message);
    } else if (err.code === 'party_too_large') {
      at('partySize', err.message);
    } else if (err.code === 'session_full') {
      problems.push({ message: t('book.fullNow', { n: err.details.remaining ?? 0 }) });
    } else {
      problems.push({ message: err.message });
    }
    showSummary(errorBox, problems);
  }

  replace(main, back, heading, summary, waitlistMode ? notice('info', t('waitlist.explain')) : null, form);
}

/** Our words for the server's validation types; undefined keeps the server's own message. @param {string} type */
function serverFieldMessage(type) {
  /** @type {Record<string, string>} */
  const known = {
    'any.required': t('err.required'),
    'string.empty': t('err.required'),
    'string.max': t('err.name.too_long'),
    'string.pattern.name': t('err.name.characters'),
    'phone.mobile': t('err.phone.format'),
    'idNumber.format': t('err.id.format'),
    'idNumber.birth_date': t('err.id.birth_date'),
    'idNumber.check_digit': t('err.id.check_digit'),
    'array.unique': t('err.id.repeated'),
    'birthDate.required': t('err.required'),
  };
  return known[type];
}
