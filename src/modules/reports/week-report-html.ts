// The week report as one self-contained printable page (the 10 June summary): inline CSS and SVG charts, no script,
// nothing loaded from anywhere. Chinese first, with English.
import type { WeekReport } from './week.js';
import { barChart, columnChart, escapeXml } from './svg-charts.js';
import { districtLabel, KIND_LABELS, LEVEL_LABELS, type Metrics } from './week-report.js';

/** Served with the page: inline styles are all it may use (no script, no image, no fetch, no form). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TOP_VENUES = 10;
const COLORS = { booked: '#b6d4f2', admitted: '#1f5fa8', district: '#2f855a', venue: '#b7791f' };

const e = escapeXml;
const int = (v: number) => v.toLocaleString('en-US');
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0 auto; max-width: 1040px; padding: 24px 28px 40px; color: #24292f; background: #fff;
         font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
  header { border-bottom: 3px solid #1f5fa8; padding-bottom: 10px; margin-bottom: 18px; }
  h1 { font-size: 24px; margin: 0; }
  h1 .en, h2 .en, th .en, .kpi .en { display: block; font-weight: normal; color: #57606a; }
  h1 .en { font-size: 15px; }
  h2 { font-size: 17px; margin: 26px 0 8px; break-after: avoid; }
  h2 .en { display: inline; font-size: 13px; margin-left: 6px; }
  .edition { margin: 8px 0 0; font-size: 16px; font-weight: 600; }
  .edition .en { display: block; font-size: 13px; font-weight: normal; color: #57606a; }
  .meta { margin: 6px 0 0; font-size: 13px; color: #57606a; }
  .meta b { color: #24292f; font-weight: 600; }
  .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
  .kpi { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; break-inside: avoid; }
  .kpi .label { font-size: 12px; }
  .kpi .en { font-size: 11px; }
  .kpi .value { font-size: 22px; font-weight: 700; margin-top: 2px; font-variant-numeric: tabular-nums; }
  figure { margin: 0 0 12px; break-inside: avoid; }
  figcaption { font-size: 13px; font-weight: 600; margin-bottom: 4px; }
  figcaption .en { font-weight: normal; color: #57606a; margin-left: 6px; }
  .charts-2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  table { width: 100%; border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
  th, td { border-bottom: 1px solid #d8dee4; padding: 4px 6px; text-align: right; vertical-align: top; }
  th { background: #f3f6f9; font-weight: 600; font-size: 12px; }
  th .en { font-size: 10.5px; }
  th:first-child, td:first-child, td.text { text-align: left; }
  td:not(.text) { white-space: nowrap; }
  tbody tr:nth-child(even) td { background: #fafbfc; }
  tfoot td { font-weight: 700; border-top: 2px solid #24292f; border-bottom: none; background: #fff; }
  td .en { display: block; font-size: 11px; color: #57606a; }
  td .sub { font-size: 11px; color: #57606a; font-weight: normal; }
  .empty { color: #57606a; font-style: italic; }
  .notes { margin-top: 28px; font-size: 12px; color: #404850; border-top: 1px solid #d0d7de; padding-top: 8px; }
  .notes dt { font-weight: 600; margin-top: 4px; }
  .notes dd { margin: 0 0 2px 0; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10px; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    h2 { margin-top: 14px; font-size: 14px; }
    table { font-size: 9.5px; }
    th { font-size: 9px; }
    th .en, td .en, td .sub { font-size: 8px; }
    th, td { padding: 3px 4px; }
    .charts-2 { grid-template-columns: 1fr 1fr; }
    thead { display: table-header-group; }
    tr, .kpi, .keep { break-inside: avoid; }
    .page-break { break-before: page; }
  }
`;

interface Column<R> {
  zh: string;
  en: string;
  cell(row: R): string;
  text?: boolean;
}

const METRIC_COLUMNS: Column<Metrics>[] = [
  { zh: '场次', en: 'Sessions', cell: (m) => int(m.sessions) },
  { zh: '名额', en: 'Capacity', cell: (m) => int(m.capacity) },
  { zh: '预约人数', en: 'Booked', cell: (m) => int(m.booked) },
  { zh: '入场人数', en: 'Admitted', cell: (m) => int(m.admitted) },
  { zh: '未到人数', en: 'No-shows', cell: (m) => int(m.noShows) },
  {
    zh: '取消（家庭/场馆）',
    en: 'Cancelled (family/venue)',
    cell: (m) => `${int(m.cancellations)} <span class="sub">(${int(m.cancelledByFamily)}/${int(m.cancelledByVenue)})</span>`,
  },
  { zh: '预约率', en: 'Utilisation', cell: (m) => pct(m.utilisation) },
  { zh: '到场率', en: 'Show-up', cell: (m) => pct(m.showUpRate) },
];

function table<R extends Metrics>(first: Column<R>[], rows: R[], totals: Metrics): string {
  const head = [...first, ...METRIC_COLUMNS].map((c) => `<th>${e(c.zh)}<span class="en">${e(c.en)}</span></th>`).join('');
  const body = rows.length
    ? rows
        .map((r) => `<tr>${first.map((c) => `<td class="text">${c.cell(r)}</td>`).join('')}${METRIC_COLUMNS.map((c) => `<td>${c.cell(r)}</td>`).join('')}</tr>`)
        .join('\n')
    : `<tr><td class="empty" colspan="${first.length + METRIC_COLUMNS.length}">无数据 No data</td></tr>`;
  const foot = `<tr><td colspan="${first.length}">合计 Total</td>${METRIC_COLUMNS.map((c) => `<td>${c.cell(totals)}</td>`).join('')}</tr>`;
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody><tfoot>${foot}</tfoot></table>`;
}

function kpis(t: Metrics): string {
  const cards: [string, string, string][] = [
    ['场次', 'Sessions offered', int(t.sessions)],
    ['名额', 'Capacity', int(t.capacity)],
    ['预约人数', 'Places booked', int(t.booked)],
    ['入场人数', 'Visitors admitted', int(t.admitted)],
    ['未到人数', 'No-shows', int(t.noShows)],
    ['取消预约', 'Cancellations', int(t.cancellations)],
    ['预约率', 'Utilisation', pct(t.utilisation)],
    ['到场率', 'Show-up rate', pct(t.showUpRate)],
  ];
  return `<section class="kpis">${cards.map(([zh, en, v]) => `<div class="kpi"><div class="label">${e(zh)}<span class="en">${e(en)}</span></div><div class="value">${e(v)}</div></div>`).join('')}</section>`;
}

const DEFINITIONS: [string, string][] = [
  ['场次 Sessions offered', '未取消的场次。Sessions not cancelled.'],
  ['名额 Capacity', '上述场次的名额之和。Σ capacity of the sessions offered.'],
  ['预约人数 Places booked', '有效（已确认）预约的人数之和。Σ party size of confirmed bookings.'],
  ['入场人数 Visitors admitted', '门口核验放行的人数之和。Σ people admitted at the door.'],
  [
    '未到人数 No-shows',
    '预约了但未到场的人数：场次核验结束后计入（含部分到场家庭中未到的人）。People booked who did not come, counted once check-in for the session has closed (including the missing members of parties that came short).',
  ],
  ['取消预约 Cancellations', '已取消的预约数（不是人数），分家庭自行取消和场馆取消场次。Cancelled bookings (not people), by the family or by the venue.'],
  ['预约率 Utilisation', '预约人数 ÷ 名额。Booked ÷ capacity.'],
  [
    '到场率 Show-up rate',
    '入场人数 ÷ 预约人数；活动周期间包含尚未举行场次的预约。Admitted ÷ booked; during the week this includes bookings for sessions still to come.',
  ],
];

export function weekReportHtml(report: WeekReport): string {
  const { edition, filters, totals } = report;
  const title = '开放日接待情况汇总';
  const titleEn = 'Open days: week report';
  const range = filters.from === filters.to ? filters.from : `${filters.from} 至 to ${filters.to}`;
  const district = filters.district === null ? '全部 all' : filters.district;

  const perDay = columnChart({
    title: '每日入场人数 Visitors per day',
    categories: report.byDay.map((d) => d.date.slice(5)),
    back: { name: '预约人数 Booked', values: report.byDay.map((d) => d.booked), color: COLORS.booked },
    front: { name: '入场人数 Admitted', values: report.byDay.map((d) => d.admitted), color: COLORS.admitted },
    height: 240,
  });
  const perDistrict = barChart({
    title: '各区入场人数 Visitors per district',
    items: report.byDistrict.map((d) => ({ label: districtLabel(d.district), value: d.admitted, note: `/ ${d.booked}` })),
    color: COLORS.district,
    width: 500,
    labelChars: 12,
  });
  // Before anyone came (early in the week) the order falls back to places booked.
  const top = [...report.byVenue].sort((a, b) => b.admitted - a.admitted || b.booked - a.booked || a.venueId - b.venueId).slice(0, TOP_VENUES);
  const topVenues = barChart({
    title: '入场人数最多的场馆 Top venues by visitors',
    items: top.map((v) => ({ label: v.name, value: v.admitted, note: `/ ${v.booked}` })),
    color: COLORS.venue,
    width: 500,
    labelChars: 12,
  });

  const byDay = table<(typeof report.byDay)[number]>([{ zh: '日期', en: 'Date', cell: (d) => e(d.date) }], report.byDay, totals);
  const byDistrict = table<(typeof report.byDistrict)[number]>(
    [{ zh: '区', en: 'District', cell: (d) => e(districtLabel(d.district)) }],
    report.byDistrict,
    totals,
  );
  const byKind = table<(typeof report.byKindLevel)[number]>(
    [{ zh: '类型与级别', en: 'Kind and level', cell: (k) => `${e(k.label)}<span class="en">${e(k.labelEn)}</span>` }],
    report.byKindLevel,
    totals,
  );
  const byVenue = table<(typeof report.byVenue)[number]>(
    [
      { zh: '场馆', en: 'Venue', cell: (v) => `${e(v.name)}<span class="en">${e(v.nameEn)}</span>` },
      { zh: '区', en: 'District', cell: (v) => e(districtLabel(v.district)) },
      { zh: '类型', en: 'Kind', cell: (v) => `${e(LEVEL_LABELS[v.level].zh)}${e(KIND_LABELS[v.kind].zh)}` },
    ],
    report.byVenue,
    totals,
  );

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · ${e(edition.name)} / ${e(titleEn)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}<span class="en">${e(titleEn)}</span></h1>
<p class="edition">${e(edition.name)}<span class="en">${e(edition.nameEn)}</span></p>
<p class="meta">城市 City: <b>${e(edition.city)} ${e(edition.cityEn)}</b> · 日期 Dates: <b>${e(range)}</b> · 区 District: <b>${e(district)}</b> · 生成时间 Generated: <b>${e(report.generatedAt.slice(0, 16).replace('T', ' '))}</b> (${e(edition.timezone)})</p>
</header>
${kpis(totals)}
<h2>每日入场人数<span class="en">Visitors per day (admitted / booked)</span></h2>
<figure>${perDay}</figure>
<div class="charts-2">
<figure><figcaption>各区入场人数<span class="en">Visitors per district (admitted / booked)</span></figcaption>${perDistrict}</figure>
<figure><figcaption>入场人数前 ${TOP_VENUES} 的场馆<span class="en">Top ${TOP_VENUES} venues (admitted / booked)</span></figcaption>${topVenues}</figure>
</div>
<section class="keep"><h2>按日<span class="en">By day</span></h2>
${byDay}</section>
<section class="keep"><h2>按区<span class="en">By district</span></h2>
${byDistrict}</section>
<section class="keep"><h2>按类型与级别<span class="en">By kind and level</span></h2>
${byKind}</section>
<h2 class="page-break">按场馆<span class="en">By venue</span></h2>
${byVenue}
<section class="notes">
<strong>口径说明 Definitions</strong>
<dl>${DEFINITIONS.map(([t, d]) => `<dt>${e(t)}</dt><dd>${e(d)}</dd>`).join('')}</dl>
</section>
</body>
</html>
`;
}
