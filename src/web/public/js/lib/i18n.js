// Chinese first, English on request: `?lang=en` or the header's switch, remembered in localStorage.
import { MESSAGES } from './messages.js';

/** @typedef {'zh' | 'en'} Lang */

const STORE_KEY = 'openday.lang';

/** @returns {Lang} */
function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') {
    try {
      localStorage.setItem(STORE_KEY, fromUrl);
    } catch {
      /* private mode: the URL still decides */
    }
    return fromUrl;
  }
  try {
    return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** @type {Lang} */
export const lang = initialLang();
document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';

/**
 * The message for a key in the current language, with {name} placeholders filled.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const table = MESSAGES[lang];
  let text = table[key] ?? MESSAGES.zh[key];
  if (text === undefined) {
    console.warn(`i18n: no message for ${key}`);
    text = key;
  }
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** Whether a message exists for a key (for codes from the API that may be new to us). @param {string} key */
export function has(key) {
  return key in MESSAGES[lang] || key in MESSAGES.zh;
}

/** Picks the API's Chinese or English field, falling back to Chinese. @param {string | null | undefined} zh @param {string | null | undefined} en */
export function pick(zh, en) {
  return (lang === 'en' ? en || zh : zh || en) ?? '';
}

/** API messages read "中文 / English": show the half for the current language. @param {string | undefined} message */
export function apiText(message) {
  if (!message) return '';
  const at = message.indexOf(' / ');
  if (at < 0) return message;
  return lang === 'en' ? message.slice(at + 3) : message.slice(0, at);
}

/** Switches language and reloads, dropping a `lang` query parameter that would override the choice. @param {Lang} next */
export function switchLang(next) {
  try {
    localStorage.setItem(STORE_KEY, next);
  } catch {
    /* the URL parameter below carries it instead */
  }
  const url = new URL(location.href);
  url.searchParams.set('lang', next);
  location.replace(url);
}
