// Spreadsheet files: UTF-8 with a BOM (so Excel shows the Chinese), CRLF lines, RFC 4180 quoting.

export type Cell = string | number | null;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a name as a formula. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvFile(rows: Cell[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
