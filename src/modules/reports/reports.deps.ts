// What the reports are given, and the edition summary every report starts with.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { LocalDate } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Edition } from '../catalogue/edition.js';

export interface ReportsDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
}

export interface EditionSummary {
  id: number;
  slug: string;
  name: string;
  nameEn: string;
  city: string;
  cityEn: string;
  startDate: LocalDate;
  endDate: LocalDate;
  timezone: string;
}

export function editionSummary(e: Edition): EditionSummary {
  return {
    id: e.id,
    slug: e.slug,
    name: e.nameZh,
    nameEn: e.nameEn,
    city: e.cityZh,
    cityEn: e.cityEn,
    startDate: e.startDate,
    endDate: e.endDate,
    timezone: e.timezone,
  };
}
