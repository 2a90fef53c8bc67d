// The district summary as a spreadsheet (UTF-8 with BOM) and as a printable page.
import { csvFile, type Cell } from '../../shared/csv.js';
import { escapeXml as e } from '../reports/svg-charts.js';
import type { Metrics } from '../reports/week-report.js';
import type { DistrictSummary } from './district-summary.js';

const HEADER = [
  '分组 Group',
  '项目 Item',
  '场次 Sessions',
  '名额 Places offered',
  '预约人数 Booked',
  '入场人数 Admitted',
  '未到人数 No-shows',
  '取消预约 Cancelled bookings',
];
const figures = (m: Metrics): Cell[] => [m.sessions, m.capacity, m.booked, m.admitted, m.noShows, m.cancellations];

function rows(s: DistrictSummary): Cell[][] {
  return [
    HEADER,
    ['total', s.district ?? '全部 all', ...figures(s.totals)],
    ...s.byDay.map((d) => ['day', d.date, ...figures(d)]),
    ...s.byVenue.map((v) => ['venue', v.name, ...figures(v)]),
    ['venues_opened', s.venuesOpened],
    ['cancelled_sessions', s.cancelledSessions.count],
    ...s.cancelledSessions.reasons.map((r) => ['cancel_reason', r.reason, r.sessions]),
    ...s.ageBands.map((a) => ['age_band', a.band, a.visitors]),
  ];
}

export function districtSummaryCsv(s: DistrictSummary): string {
  return csvFile(rows(s));
}

export function districtSummaryFilename(s: DistrictSummary, ext: 'csv' | 'html'): string {
  return `district-summary-${s.edition.slug}-${s.district === null ? 'all' : encodeURIComponent(s.district)}.${ext}`;
}

export function districtSummaryHtml(s: DistrictSummary): string {
  const table = (head: string[], body: Cell[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${body
      .map((r) => `<tr>${r.map((c) => `<td>${e(String(c ?? ''))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const head = HEADER.slice(1);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(s.edition.name)} · ${e(s.district ?? '全部')}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>
<h1>${e(s.edition.name)}</h1><h2>${e(s.district ?? '全部区 All districts')} · 区级总结 District summary</h2><p>生成于 Generated ${e(s.generatedAt)} · 开放场馆 Venues opened: ${s.venuesOpened} · 取消场次 Cancelled sessions: ${s.cancelledSessions.count}</p>
<h3>合计 Totals</h3>${table(head, [[s.district ?? '全部 all', ...figures(s.totals)]])}
<h3>按日 By day</h3>${table(
    head,
    s.byDay.map((d) => [d.date, ...figures(d)]),
  )}
<h3>按场馆 By venue</h3>${table(
    head,
    s.byVenue.map((v) => [v.name, ...figures(v)]),
  )}
<h3>取消原因 Cancellation reasons</h3>${table(
    ['原因 Reason', '场次 Sessions'],
    s.cancelledSessions.reasons.map((r) => [r.reason, r.sessions]),
  )}
<h3>年龄段 Age bands</h3>${table(
    ['年龄段 Band', '人数 Visitors'],
    s.ageBands.map((a) => [a.band, a.visitors]),
  )}
</body></html>`;
}
