// Turns an uploaded file into rows of text cells: CSV in UTF-8 (with or without BOM) or GBK, or an .xlsx workbook's
// first sheet. Formula cells give their formula as text (never evaluated); merged cells give the merged value.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { importsErrors } from './imports.errors.js';

export type FileKind = 'csv' | 'xlsx';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What the bytes are: an xlsx is a zip; a CSV is text without NUL bytes. Anything else is refused. */
export function fileKind(bytes: Buffer): FileKind {
  if (bytes.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (bytes.length > 0 && !bytes.subarray(0, 8192).includes(0)) return 'csv';
  throw importsErrors.unsupportedFileType();
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped); else GBK (GB18030), what Excel saves on a Chinese Windows. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; CRLF or LF ends a row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value || 'sharedFormula' in value) {
    const f = value as ExcelJS.CellFormulaValue;
    return `=${f.formula ?? ''}`;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

export async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw importsErrors.unsupportedFileType();
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    // A merged cell reads as its master's value (exceljs resolves it), so a district merged over rows fills each.
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

export async function readRows(bytes: Buffer): Promise<string[][]> {
  return fileKind(bytes) === 'xlsx' ? readXlsx(bytes) : parseCsv(decodeText(bytes));
}
