// Proving a phone in tests: ask for a code, read it where a newcomer would (the log: no gateway outside production),
// type it back for a phone token.
import { expect } from 'chai';
import { maskPhone } from '../../src/shared/masking.js';
import type { LoggedHarness } from './logged-harness.js';

let seq = 0;
/** A fresh mainland mobile number whose masked form (first 3, last 4 digits) is unique in the run. */
export const freshPhone = () => `139${String(++seq).padStart(8, '0')}`;

/** The last one-time code the log shows for `phone`. */
export function codeFromLog(lines: readonly string[], phone: string): string | undefined {
  const masked = maskPhone(phone);
  for (const line of [...lines].reverse()) {
    const rec = JSON.parse(line) as { msg?: string; template?: string; to?: string; text?: string };
    if (rec.msg === 'notification' && rec.template === 'phone_code' && rec.to === masked) return /\b(\d{6})\b/.exec(rec.text ?? '')?.[1];
  }
  return undefined;
}

/** Asks for a code and verifies it: the phone token. */
export async function provePhone(h: LoggedHarness, phone: string): Promise<string> {
  const sent = await h.http.post('/api/phone/codes', { phone });
  expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
  const code = codeFromLog(h.lines, phone);
  expect(code, 'code in the log').to.match(/^\d{6}$/);
  const res = await h.http.post('/api/phone/verify', { phone, code });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.token as string;
}
