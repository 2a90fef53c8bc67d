// Contact phones: a mainland China mobile number (11 digits starting 13–19, optionally written with +86, spaces or
// dashes), kept as the 11 digits; or an international number in E.164 (+, country code, up to 15 digits), kept as is.
export const MOBILE = /^1[3-9]\d{9}$/;
/** E.164 outside mainland China: +, a country code not starting with 0, 8 to 15 digits in all. */
export const INTERNATIONAL = /^\+[1-9]\d{7,14}$/;

export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s().-]/g, '').replace(/^00(?=[1-9])/, '+');
  return compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** A normalised number that is neither a mainland mobile nor E.164 is refused; +86 must be followed by a mobile. */
export function isContactPhone(p: string): boolean {
  return MOBILE.test(p) || (INTERNATIONAL.test(p) && !p.startsWith('+86'));
}

/** Whether text messages reach the number without a gateway that supports international numbers. */
export function isMainlandMobile(p: string): boolean {
  return MOBILE.test(p);
}
