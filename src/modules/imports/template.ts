// The import template: the columns in Chinese and English, with one example row, as CSV (UTF-8 with BOM) and .xlsx.
import ExcelJS from 'exceljs';
import { csvFile } from '../../shared/csv.js';
import { headerOf, IMPORT_COLUMNS } from './import-columns.js';

const EXAMPLE: Record<string, string> = {
  code: 'example-dino-hall',
  nameZh: '恐龙化石科普馆',
  nameEn: 'Dinosaur Fossil Hall',
  kind: '科普基地',
  level: '省级',
  designationZh: '山西省科普教育基地',
  designationEn: 'Shanxi Science Education Base',
  hostZh: '山西省地质博物馆',
  hostEn: 'Shanxi Geological Museum',
  district: '小店区',
  addressZh: '太原市小店区',
  fieldZh: '古生物',
  fieldEn: 'Palaeontology',
  tags: '恐龙,化石',
  minAge: '3',
  ageMin: '4',
  ageMax: '12',
  visitMinutes: '60',
  realNameRequired: '否',
  contactPhone: '0351-1234567',
};

const rows = () => [IMPORT_COLUMNS.map(headerOf), IMPORT_COLUMNS.map((c) => EXAMPLE[c.key] ?? '')];

export function templateCsv(): string {
  return csvFile(rows());
}

export async function templateXlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('场馆 venues');
  for (const r of rows()) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
