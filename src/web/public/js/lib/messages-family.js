// Texts of families' pages added after the first wave (verified phone, my bookings, passes, suggestions), Chinese first; merged into the one table of messages.js. Keys are grouped by page.

/** @type {Record<'zh' | 'en', Record<string, string>>} */
export const MESSAGES_FAMILY = {
  zh: {},
  en: {},
};
