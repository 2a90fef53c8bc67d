// Mainland China mobile numbers: 11 digits starting 13–19, optionally written with +86, spaces or dashes.
export const MOBILE = /^1[3-9]\d{9}$/;

export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  return compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
}
