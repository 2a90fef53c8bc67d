// The text of each message, in Chinese (default) and English. Payloads hold only what the text needs.
export const TEMPLATES = [
  'booking_confirmed',
  'session_cancelled',
  'session_rescheduled',
  'reminder',
  'waitlist_offer',
  'offer_expired',
  'phone_code',
  'group_status',
] as const;
export type Template = (typeof TEMPLATES)[number];
export type Language = 'zh' | 'en';

type Payload = Record<string, unknown>;
const s = (p: Payload, key: string) => String(p[key] ?? '');

const TEXT: Record<Template, Record<Language, (p: Payload) => string>> = {
  booking_confirmed: {
    zh: (p) =>
      `【科技活动周】预约成功：${s(p, 'venue')}，${s(p, 'startsAt')}，${s(p, 'partySize')}人，预约码 ${s(p, 'code')}。请凭二维码和身份证件入场，电子凭证：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] Booked: ${s(p, 'venueEn') || s(p, 'venue')}, ${s(p, 'startsAt')}, ${s(p, 'partySize')} people, code ${s(p, 'code')}. Show the QR code and ID at the door. Your pass: ${s(p, 'link')}`,
  },
  session_cancelled: {
    zh: (p) =>
      `【科技活动周】很抱歉，${s(p, 'venue')} ${s(p, 'startsAt')} 的场次已取消（${s(p, 'reason')}），您的预约 ${s(p, 'code')} 随之取消。改约其他场次：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] Sorry: the visit to ${s(p, 'venueEn') || s(p, 'venue')} at ${s(p, 'startsAt')} is cancelled (${s(p, 'reason')}), and so is booking ${s(p, 'code')}. Book another visit: ${s(p, 'link')}`,
  },
  session_rescheduled: {
    zh: (p) =>
      `【科技活动周】${s(p, 'venue')} 的场次时间已调整为 ${s(p, 'startsAt')}（原 ${s(p, 'previousStartsAt')}），预约码 ${s(p, 'code')}。电子凭证：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] Your visit to ${s(p, 'venueEn') || s(p, 'venue')} moved to ${s(p, 'startsAt')} (was ${s(p, 'previousStartsAt')}). Code ${s(p, 'code')}. Your pass: ${s(p, 'link')}`,
  },
  reminder: {
    zh: (p) =>
      `【科技活动周】提醒：您预约了明天 ${s(p, 'startsAt')} 参观${s(p, 'venue')}，${s(p, 'partySize')}人，预约码 ${s(p, 'code')}。如不能前往请提前取消：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] Reminder: tomorrow ${s(p, 'startsAt')} at ${s(p, 'venueEn') || s(p, 'venue')}, ${s(p, 'partySize')} people, code ${s(p, 'code')}. Your pass (or cancel if you cannot come): ${s(p, 'link')}`,
  },
  waitlist_offer: {
    zh: (p) =>
      `【科技活动周】${s(p, 'venue')} ${s(p, 'startsAt')} 有名额了！已为您保留${s(p, 'partySize')}个名额至 ${s(p, 'expiresAt')}，请在此之前确认：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] Places free at ${s(p, 'venueEn') || s(p, 'venue')}, ${s(p, 'startsAt')}: ${s(p, 'partySize')} held for you until ${s(p, 'expiresAt')}. Confirm: ${s(p, 'link')}`,
  },
  group_status: {
    zh: (p) => `【科技活动周】团体参观（${s(p, 'group')}）：${s(p, 'stepZh')}。${s(p, 'details')} 详情：${s(p, 'link')}`,
    en: (p) => `[Science Week] Group visit (${s(p, 'group')}): ${s(p, 'stepEn')}. ${s(p, 'details')} Details: ${s(p, 'link')}`,
  },
  phone_code: {
    zh: (p) => `【科技活动周】您的验证码是 ${s(p, 'code')}，${s(p, 'minutes')} 分钟内有效。请勿告诉他人。`,
    en: (p) => `[Science Week] Your code is ${s(p, 'code')}, valid for ${s(p, 'minutes')} minutes. Do not share it.`,
  },
  offer_expired: {
    zh: (p) => `【科技活动周】为您保留的 ${s(p, 'venue')} ${s(p, 'startsAt')} 名额已过期，名额已转给下一位候补。详情：${s(p, 'link')}`,
    en: (p) =>
      `[Science Week] The places held for you at ${s(p, 'venueEn') || s(p, 'venue')}, ${s(p, 'startsAt')} have expired and passed to the next family. Details: ${s(p, 'link')}`,
  },
};

export function render(template: Template, language: Language, payload: Payload): string {
  return TEXT[template][language](payload);
}
