// A contact-tracing export as a spreadsheet: one row per visitor, with the contact's full phone and masked ID numbers.
import { csvFile, type Cell } from '../../shared/csv.js';
import type { ContactTrace } from './contact-trace.js';

const HEADER = [
  '预约码 Code',
  '日期 Date',
  '场次开始 Starts',
  '场次结束 Ends',
  '入场时间 Checked in at',
  '入口 Gate',
  '预约人数 Party size',
  '入场人数 Admitted',
  '联系人 Contact',
  '联系电话 Phone',
  '访客序号 Visitor no.',
  '访客姓名 Visitor',
  '证件号码（脱敏） ID number (masked)',
];

export function contactTraceCsv(trace: ContactTrace): string {
  const rows: Cell[][] = [HEADER];
  for (const item of trace.items) {
    const booking: Cell[] = [
      item.code,
      item.session.date,
      item.session.startsAt,
      item.session.endsAt,
      item.checkedInAt,
      item.gate,
      item.partySize,
      item.admitted,
      item.contact.name,
      item.contact.phone,
    ];
    const visitors = item.visitors.length > 0 ? item.visitors : [null];
    visitors.forEach((v, i) => rows.push([...booking, v ? i + 1 : null, v?.name ?? null, v?.idNumber ?? null]));
  }
  return csvFile(rows);
}

export function contactTraceFilename(trace: ContactTrace): string {
  return `contact-trace-venue-${trace.venue.id}-${trace.from.slice(0, 10)}.csv`;
}
