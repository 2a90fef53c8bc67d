// The week report as one spreadsheet: UTF-8 with a BOM (so Excel reads the Chinese), bilingual header, and a `group`
// column saying what each row adds up (total, day, district, kind, venue), so it filters and pivots in one sheet.
import { csvFile, type Cell } from '../../shared/csv.js';
import type { WeekReport } from './week.js';
import { districtLabel, KIND_LABELS, LEVEL_LABELS, type Metrics } from './week-report.js';

export const WEEK_CSV_HEADER = [
  '分组 Group',
  '项目 Item',
  '项目（英文） Item (English)',
  '区 District',
  '类型 Kind',
  '级别 Level',
  '场次 Sessions',
  '名额 Capacity',
  '预约人数 Booked',
  '入场人数 Admitted',
  '未到人数 No-shows',
  '取消预约 Cancelled bookings',
  '家庭取消 By family',
  '场馆取消 By venue',
  '预约率 Utilisation',
  '到场率 Show-up rate',
];

const figures = (m: Metrics): Cell[] => [
  m.sessions,
  m.capacity,
  m.booked,
  m.admitted,
  m.noShows,
  m.cancellations,
  m.cancelledByFamily,
  m.cancelledByVenue,
  m.utilisation,
  m.showUpRate,
];

export function weekReportCsv(report: WeekReport): string {
  const rows: Cell[][] = [WEEK_CSV_HEADER];
  const district = report.filters.district;
  rows.push(['total', '合计', 'Total', district, null, null, ...figures(report.totals)]);
  for (const d of report.byDay) rows.push(['day', d.date, d.date, district, null, null, ...figures(d)]);
  for (const d of report.byDistrict)
    rows.push(['district', districtLabel(d.district), d.district ?? 'unknown', districtLabel(d.district), null, null, ...figures(d)]);
  for (const k of report.byKindLevel) rows.push(['kind', k.label, k.labelEn, district, k.kind, k.level, ...figures(k)]);
  for (const v of report.byVenue) {
    rows.push([
      'venue',
      v.name,
      v.nameEn,
      districtLabel(v.district),
      `${KIND_LABELS[v.kind].zh} ${v.kind}`,
      `${LEVEL_LABELS[v.level].zh} ${v.level}`,
      ...figures(v),
    ]);
  }
  return csvFile(rows);
}

export function weekReportFilename(report: WeekReport, ext: 'csv' | 'html'): string {
  return `week-report-${report.edition.slug}-${report.filters.from}-${report.filters.to}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
