// What the accounts' use cases are given.
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthTokens } from './auth-token.js';
import type { Limiter } from '../limits/limiter.js';
import type { DeviceTrust } from './device-trust.js';

export interface AccountsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Readonly<Config>;
  audit: AuditService;
  limiter: Limiter;
  devices: DeviceTrust;
  tokens: AuthTokens;
}
