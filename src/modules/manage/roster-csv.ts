// A session's roster as a spreadsheet: UTF-8 with a BOM (so Excel reads the Chinese), one row per visitor, masked data only.
import { csvFile, type Cell } from '../../shared/csv.js';
import type { Roster } from './manage.views.js';

const HEADER = [
  '预约码 Code',
  '预约状态 Status',
  '人数 Party size',
  '联系人 Contact',
  '联系电话 Phone',
  '访客序号 Visitor no.',
  '访客姓名 Visitor',
  '证件号码 ID number',
  '入场时间 Checked in at',
  '入场人数 Admitted',
  '核验人 Checked in by',
];

const STATUS_LABELS: Record<string, string> = { confirmed: '已确认 confirmed', cancelled: '已取消 cancelled' };

export function rosterCsv(roster: Roster): string {
  const rows: Cell[][] = [HEADER];
  for (const item of roster.items) {
    const booking: Cell[] = [item.code, STATUS_LABELS[item.status] ?? item.status, item.partySize, item.contact.name, item.contact.phone];
    const checkin: Cell[] = item.checkedIn ? [item.checkedIn.at, item.checkedIn.admitted, item.checkedIn.by] : [null, null, null];
    const visitors = item.visitors.length > 0 ? item.visitors : [null];
    visitors.forEach((v, i) => rows.push([...booking, v ? i + 1 : null, v?.name ?? null, v?.idNumber ?? null, ...checkin]));
  }
  return csvFile(rows);
}

export function rosterFilename(roster: Roster): string {
  return `roster-${roster.session.date}-session-${roster.session.id}.csv`;
}
