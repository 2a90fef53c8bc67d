// Finding a booking at the door without its code: by a visitor's ID number, or by phone and surname (today, this
// venue). Each match opens the same check as a scan.
import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { field, textInput } from './form.js';
import { groupedCode, timeRange } from './format.js';
import { t } from './i18n.js';
import { staffApi } from './staff.js';

/** @param {{ onOpen: (code: string) => void }} opts */
export function findSection({ onOpen }) {
  const idField = field({ label: t('door.findId'), name: 'idNumber', input: textInput({ maxlength: 22, inputmode: 'text', autocapitalize: 'characters' }) });
  const phoneField = field({ label: t('door.findPhone'), name: 'phone', input: textInput({ maxlength: 11, inputmode: 'tel' }) });
  const surnameField = field({ label: t('door.findSurname'), name: 'surname', input: textInput({ maxlength: 20 }) });
  const results = h('div', { class: 'find-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'find', novalidate: true },
    h('p', { class: 'hint', text: t('door.findHint') }),
    idField.wrap,
    h('div', { class: 'find-phone' }, phoneField.wrap, surnameField.wrap),
    h('button', { type: 'submit', class: 'button secondary', text: t('door.findGo') }),
    results,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const idNumber = idField.input.value.replace(/\s+/g, '').toUpperCase();
    const body = idNumber ? { idNumber } : { phone: phoneField.input.value.trim(), surname: surnameField.input.value.trim() };
    try {
      const res = await staffApi('/api/checkins/find', { method: 'POST', body });
      idField.input.value = '';
      replace(
        results,
        res.items.length === 0
          ? h('p', { text: t('door.findNone') })
          : h(
              'ul',
              { class: 'find-list' },
              res.items.map((/** @type {any} */ p) =>
                h(
                  'li',
                  null,
                  h('span', { text: `${groupedCode(p.code)} · ${timeRange(p.session)} · ${p.visitors.map((/** @type {any} */ v) => v.name).join('、')}` }),
                  h('button', { type: 'button', class: 'button primary', text: t('door.findOpen'), on: { click: () => onOpen(p.code) } }),
                ),
              ),
            ),
      );
    } catch (err) {
      replace(results, h('p', { class: 'field-error', text: err instanceof ApiError ? err.message : String(err) }));
    }
  });
  return h('details', { class: 'card find-box' }, h('summary', { text: t('door.find') }), form);
}
