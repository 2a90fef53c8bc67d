// Proving a phone: ask for a one-time code, type it back for a phone token (phone-auth.ts reads the token).
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PiiHasher } from '../../shared/pii.js';
import { isMainlandMobile } from '../bookings/phone.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PhoneTokens } from './phone-token.js';
import { requestCode } from './request-code.js';
import type { CodeRequest } from './phones.schemas.js';
import { verifyCode } from './verify-code.js';

export interface PhonesDeps {
  config: Readonly<Config>;
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  tokens: PhoneTokens;
  notifications: Pick<NotificationsService, 'sendNow'>;
}

export function createPhonesService(deps: PhonesDeps) {
  const { sms } = deps.config;
  // Without a gateway every message goes to the log, so every number "receives" it (development, the demo).
  const reaches = (phone: string) => isMainlandMobile(phone) || sms.international || !sms.gatewayUrl;
  return {
    requestCode: (input: CodeRequest) => requestCode({ ...deps, reaches }, input),
    verifyCode: (input: { phone: string; code: string }) => verifyCode(deps, input),
    reaches,
  };
}

export type PhonesService = ReturnType<typeof createPhonesService>;
