// Proving the phone typed in a form: "send code", the 6 digits from the text message, "verify". The proof is an
// httpOnly cookie the server sets (pages never hold it); the page only learns which number is proven.
import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { isContactPhone, normalisePhone } from './rules.js';

/** The number this device has proven (full: the family's own), or undefined. @returns {Promise<string | undefined>} */
export async function provenPhone() {
  try {
    return (await api('/api/phone')).number;
  } catch {
    return undefined;
  }
}

/**
 * A proof panel for a phone input. `isProven()` says whether the number typed is the proven one; `demand()` opens
 * the panel with a message (the server asked for proof).
 * @param {HTMLInputElement} phoneInput
 * @param {{ onProven?: (phone: string) => void }} [opts]
 */
export function phoneProof(phoneInput, opts = {}) {
  /** @type {string | undefined} */
  let proven;
  const status = h('p', { class: 'proof-status', 'aria-live': 'polite' });
  const codeInput = h('input', {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: '6',
    pattern: '[0-9]{6}',
    'aria-label': t('proof.code'),
    class: 'proof-code',
    name: 'code',
  });
  const send = h('button', { type: 'button', class: 'button secondary', text: t('proof.send') });
  const check = h('button', { type: 'button', class: 'button secondary', text: t('proof.verify') });
  const codeRow = h('div', { class: 'proof-row', hidden: true }, h('label', null, t('proof.code'), codeInput), check);
  const wrap = h(
    'div',
    { class: 'phone-proof', hidden: true },
    h('p', { class: 'hint', text: t('proof.why') }),
    h('div', { class: 'proof-row' }, send),
    codeRow,
    status,
  );
  const number = () => normalisePhone(phoneInput.value);

  function draw() {
    const ok = proven !== undefined && proven === number();
    send.hidden = ok;
    codeRow.hidden = ok || codeRow.dataset.sent !== 'true';
    replace(status, ok ? h('strong', { class: 'proof-ok', text: t('proof.ok') }) : null);
  }

  send.addEventListener('click', async () => {
    const p = number();
    if (!isContactPhone(p)) return replace(status, t('err.phone.format'));
    send.disabled = true;
    try {
      await api('/api/phone/codes', { method: 'POST', body: { phone: p, language: document.documentElement.lang === 'en' ? 'en' : 'zh' } });
      codeRow.dataset.sent = 'true';
      draw();
      replace(status, t('proof.sent'));
      codeInput.focus();
    } catch (err) {
      replace(status, /** @type {Error} */ (err).message);
    } finally {
      setTimeout(() => (send.disabled = false), 1500);
    }
  });
  check.addEventListener('click', async () => {
    try {
      await api('/api/phone/verify', { method: 'POST', body: { phone: number(), code: codeInput.value.trim() } });
      proven = number();
      draw();
      opts.onProven?.(proven);
    } catch (err) {
      replace(status, err instanceof ApiError ? err.message : String(err));
    }
  });
  phoneInput.addEventListener('input', draw);

  return {
    wrap,
    isProven: () => proven !== undefined && proven === number(),
    /** The device already holds a proof: fill the number in. @param {string} p */
    adopt(p) {
      proven = p;
      if (!phoneInput.value) phoneInput.value = p;
      wrap.hidden = false;
      draw();
    },
    /** The server wants proof: show the panel with why. @param {string} [message] */
    demand(message) {
      wrap.hidden = false;
      draw();
      if (message) replace(status, message);
      send.focus();
    },
    show() {
      wrap.hidden = false;
      draw();
    },
  };
}
