// Texts of the organisers' and venues' set-up pages (editions, venues, import, schedules, accounts, district summaries), Chinese first; merged into the one table of messages.js. Keys are grouped by page.

/** @type {Record<'zh' | 'en', Record<string, string>>} */
export const MESSAGES_ADMIN = {
  zh: {},
  en: {},
};
