// Texts of the door: the scanner, offline scanning and admission, Chinese first; merged into the one table of messages.js. Keys are grouped by page.

/** @type {Record<'zh' | 'en', Record<string, string>>} */
export const MESSAGES_DOOR = {
  zh: {},
  en: {},
};
