// The family's visitors, kept on this phone only (localStorage; never sent anywhere but to the bookings they make)
// and offered on the next booking form: one tap books the same family elsewhere. "联系人也是参观人" copies the
// contact's name into the first visitor.
import { h } from './dom.js';
import { t } from './i18n.js';

const KEY = 'openday.family';

/** @typedef {{ name: string, idType?: string, idNumber?: string, birthDate?: string }} SavedVisitor */

/** @returns {{ contact: string, visitors: SavedVisitor[] } | null} */
export function savedFamily() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return v && Array.isArray(v.visitors) ? v : null;
  } catch {
    return null;
  }
}

/** @param {string} contact @param {SavedVisitor[]} visitors */
export function saveFamily(contact, visitors) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ contact, visitors }));
  } catch {
    /* storage off: nothing is kept */
  }
}

/**
 * The "same family as last time" button and the "contact is a visitor" box, for the booking form.
 * @param {{ contactInput: HTMLInputElement, partySelect: HTMLSelectElement, maxParty: number, redraw: () => void,
 *   visitorAt: (i: number) => { fill: (v: SavedVisitor) => void } | undefined }} form
 */
export function familyHelpers(form) {
  const saved = savedFamily();
  const reuse = saved
    ? h('button', {
        type: 'button',
        class: 'button secondary',
        text: t('family.reuse', { n: saved.visitors.length, names: saved.visitors.map((v) => v.name).join('、') }),
      })
    : null;
  reuse?.addEventListener('click', () => {
    if (!saved) return;
    const n = Math.min(saved.visitors.length, form.maxParty);
    if (!form.contactInput.value) form.contactInput.value = saved.contact;
    form.partySelect.value = String(n);
    form.redraw();
    saved.visitors.slice(0, n).forEach((v, i) => form.visitorAt(i)?.fill(v));
  });
  const box = h('input', { type: 'checkbox', class: 'contact-visits' });
  box.addEventListener('change', () => {
    if (box.checked) form.visitorAt(0)?.fill({ name: form.contactInput.value.trim() });
  });
  return h('div', { class: 'family-helpers' }, reuse, h('label', { class: 'check' }, box, ' ', t('family.contactVisits')));
}
