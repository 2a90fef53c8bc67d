// One visitor's fields on the booking form: name, the kind of identity document, its number, and a birth date where
// the document does not show one. The browser checks what it can (the ID card fully); the server decides.
import { h } from './dom.js';
import { field, textInput } from './form.js';
import { t } from './i18n.js';
import { ageOn, birthDateOf, idNumberProblem, normaliseIdNumber } from './rules.js';

export const DOCUMENT_TYPES = ['id_card', 'passport', 'hk_mo_permit', 'tw_permit', 'foreign_pr'];
const NEEDS_BIRTH_DATE = new Set(['passport', 'hk_mo_permit', 'tw_permit']);

/**
 * @param {number} i
 * @param {{ realNameRequired: boolean, minAge: number }} rules
 * @param {string} visitDate
 */
export function visitorFields(i, rules, visitDate) {
  const name = field({ label: t('book.visitorName'), name: `visitors.${i}.name`, input: textInput({ maxlength: 60 }) });
  const typeSelect = h(
    'select',
    null,
    DOCUMENT_TYPES.map((d) => h('option', { value: d, text: t(`doc.${d}`) })),
  );
  const type = field({ label: t('doc.type'), name: `visitors.${i}.idType`, input: typeSelect });
  const id = field({
    label: rules.realNameRequired ? t('book.idNumber') : t('book.idNumberOptional'),
    hint: rules.minAge > 0 ? t('book.idHintAge', { n: rules.minAge }) : rules.realNameRequired ? t('book.idHint') : t('book.idHintOptional'),
    name: `visitors.${i}.idNumber`,
    input: textInput({ maxlength: 22, autocapitalize: 'characters', inputmode: 'text' }),
  });
  const birth = field({
    label: t('doc.birthDate'),
    hint: t('doc.birthDateHint'),
    name: `visitors.${i}.birthDate`,
    input: textInput({ type: 'date', max: visitDate }),
  });
  const docType = () => typeSelect.value;
  const drawBirth = () => (birth.wrap.hidden = !NEEDS_BIRTH_DATE.has(docType()));
  typeSelect.addEventListener('change', drawBirth);
  drawBirth();

  /** @param {string[]} earlierIds the normalised numbers of the visitors before this one */
  function idMessage(earlierIds) {
    const n = normaliseIdNumber(id.input.value);
    if (!n) return rules.realNameRequired ? t('err.id.required') : undefined;
    if (docType() !== 'id_card') return earlierIds.includes(`${docType()}:${n}`) ? t('err.id.repeated') : undefined;
    const problem = idNumberProblem(n);
    if (problem) return t('err.id.' + problem);
    const born = /** @type {string} */ (birthDateOf(n));
    if (born > visitDate) return t('err.id.birth_date');
    if (rules.minAge > 0 && ageOn(born, visitDate) < rules.minAge) return t('err.id.underAge', { n: rules.minAge });
    return earlierIds.includes(`id_card:${n}`) ? t('err.id.repeated') : undefined;
  }
  function birthMessage() {
    if (birth.wrap.hidden || !normaliseIdNumber(id.input.value)) return undefined;
    const b = birth.input.value;
    if (!b) return t('err.required');
    if (b > visitDate) return t('err.id.birth_date');
    if (rules.minAge > 0 && ageOn(b, visitDate) < rules.minAge) return t('err.id.underAge', { n: rules.minAge });
    return undefined;
  }
  /** What the server gets. */
  function value() {
    const n = normaliseIdNumber(id.input.value);
    /** @type {{ name: string, idType?: string, idNumber?: string, birthDate?: string }} */
    const v = { name: name.input.value.trim() };
    if (!n) return v;
    Object.assign(v, { idNumber: n }, docType() !== 'id_card' ? { idType: docType() } : {});
    if (!birth.wrap.hidden) v.birthDate = birth.input.value;
    return v;
  }
  const key = () => `${docType()}:${normaliseIdNumber(id.input.value)}`;
  /** Fills in a saved visitor (this phone's own copy). @param {{ name: string, idType?: string, idNumber?: string, birthDate?: string }} v */
  function fill(v) {
    name.input.value = v.name;
    typeSelect.value = v.idType ?? 'id_card';
    id.input.value = v.idNumber ?? '';
    birth.input.value = v.birthDate ?? '';
    drawBirth();
  }
  const wrap = h('fieldset', { class: 'visitor' }, h('legend', { text: t('book.visitor', { n: i + 1 }) }), name.wrap, type.wrap, id.wrap, birth.wrap);
  return { name, type, id, birth, wrap, idMessage, birthMessage, value, key, fill };
}
