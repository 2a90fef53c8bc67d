// Importing the venue list the districts send: CSV in UTF-8 (BOM or not) or GBK, or .xlsx; a dry run previews with
// each row's errors; a file with any error is refused whole; a clean one is applied in one go.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvFile } from '../../src/shared/csv.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { createEdition, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const HEADER = [
  '编码 code',
  '名称 nameZh',
  '类型 kind',
  '级别 level',
  '称号 designationZh',
  '依托单位 hostZh',
  '所在区 district',
  '领域 fieldZh',
  '标签 tags',
  '最低年龄 minAge',
];
const rowFor = (i: number) => [`lab-${i}`, `第${i}实验室`, '实验室', '省级', '山西省重点实验室', `山西大学${i}`, '小店区', '化学', '化学,实验', '10'];

describe('venue import', function () {
  this.timeout(120_000);
  let h: Harness;
  let organiser: Staff;
  beforeEach(async () => {
    h = await startHarness();
    organiser = await signedIn(h, 'organiser');
  });
  afterEach(async () => h?.close());

  const upload = (bytes: Uint8Array, query = '', type = 'text/csv') =>
    h.http.request('POST', `/api/manage/venues/import${query}`, { raw: bytes, headers: { ...organiser.headers, 'content-type': type } });
  const venueCount = async () => Number((await h.db.sql.first<{ n: unknown }>('SELECT COUNT(*) AS n FROM venues'))!.n);

  it('when a clean UTF-8 CSV is previewed, applied and sent again, then the preview plans it, the import creates it with its edition, and the second time updates', async () => {
    const edition = await createEdition(h.db);
    const file = Buffer.from(csvFile([HEADER, rowFor(1), rowFor(2)]));
    const preview = await upload(file, '?dryRun=true');
    expect(preview.status, JSON.stringify(preview.body)).to.equal(200);
    expect(preview.body).to.deep.include({ dryRun: true, fileType: 'csv', rows: 2, errors: [] });
    expect(preview.body.toCreate.map((r: { row: number; code: string }) => [r.row, r.code])).to.deep.equal([
      [2, 'lab-1'],
      [3, 'lab-2'],
    ]);
    expect(await venueCount()).to.equal(0);

    const applied = await upload(file, `?editionId=${edition.id}`);
    expect(applied.status, JSON.stringify(applied.body)).to.equal(200);
    const venues = await h.http.get('/api/manage/venues?q=实验', organiser.headers);
    expect(venues.body.items.map((v: { code: string; kind: string; level: string; tags: string[] }) => [v.code, v.kind, v.level, v.tags])).to.deep.equal([
      ['lab-1', 'lab', 'provincial', ['化学', '实验']],
      ['lab-2', 'lab', 'provincial', ['化学', '实验']],
    ]);
    expect((await h.http.get(`/api/manage/editions/${edition.id}/venues`, organiser.headers)).body.venueIds).to.have.length(2);
    const audit = await h.db.sql.select<{ action: string }>("SELECT action FROM audit_log WHERE action = 'venue.import'");
    expect(audit).to.have.length(1);

    // Without the BOM, matched by code: updates.
    const again = await upload(Buffer.from(csvFile([HEADER, rowFor(1), rowFor(2)]).slice(1)), '?dryRun=true');
    expect(again.body.toUpdate.map((r: { code: string }) => r.code)).to.deep.equal(['lab-1', 'lab-2']);
    expect(again.body.toCreate).to.deep.equal([]);
  });

  it('when a 5,000-row file has errors in 10 rows, then all ten are reported with row and column, and nothing is written', async () => {
    const bad = new Set([7, 100, 999, 1500, 2222, 3000, 3333, 4000, 4444, 4999]);
    const rows = [HEADER];
    for (let i = 1; i <= 5000; i++) {
      const r = rowFor(i);
      if (bad.has(i)) r[3] = '市级'; // not a level
      rows.push(r);
    }
    const file = Buffer.from(csvFile(rows));
    const refused = await upload(file);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('import_invalid');
    expect(refused.body.error.details.rows).to.equal(5000);
    const errors = refused.body.error.details.errors as { row: number; column: string; code: string }[];
    expect(errors.map((e) => e.row)).to.deep.equal([...bad].map((i) => i + 1));
    expect(new Set(errors.map((e) => e.column))).to.deep.equal(new Set(['级别 level']));
    expect(await venueCount()).to.equal(0);
    const preview = await upload(file, '?dryRun=true');
    expect([preview.body.toCreate.length, preview.body.errors.length]).to.deep.equal([4990, 10]);
  });

  it('when a CSV is saved in GBK, then it is detected and decoded', async () => {
    const file = iconv.encode(csvFile([HEADER, rowFor(1)]).slice(1), 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).to.throw();
    const res = await upload(file);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const stored = await h.db.sql.first<{ name_zh: string; district: string }>("SELECT name_zh, district FROM venues WHERE code = 'lab-1'");
    expect(stored).to.include({ name_zh: '第1实验室', district: '小店区' });
  });

  it('when an .xlsx has merged cells, empty rows and formula cells, then merged values fill each row, empty rows are skipped and formulas stay text', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('venues');
    sheet.addRow([...HEADER, '简介 descriptionZh']);
    sheet.addRow([...rowFor(1), { formula: 'HYPERLINK("https://example.cn","官网")', result: '官网' }]);
    sheet.addRow([...rowFor(2), '']);
    sheet.addRow([]);
    sheet.addRow([...rowFor(3), '']);
    sheet.mergeCells('G2:G3'); // the district, merged over two rows
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload(file, '', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ fileType: 'xlsx', rows: 3 });
    const stored = await h.db.sql.select<{ code: string; district: string; description_zh: string | null }>(
      'SELECT code, district, description_zh FROM venues ORDER BY code',
    );
    expect(stored.map((v) => [v.code, v.district])).to.deep.equal([
      ['lab-1', '小店区'],
      ['lab-2', '小店区'],
      ['lab-3', '小店区'],
    ]);
    expect(stored[0]!.description_zh).to.equal('=HYPERLINK("https://example.cn","官网")');
  });

  it('when codes repeat in a file, a venue matches by name and host, or the file is no spreadsheet or too large, then each answers with its code', async () => {
    const dup = await upload(Buffer.from(csvFile([HEADER, rowFor(1), rowFor(1)])), '?dryRun=true');
    expect(dup.body.errors).to.deep.equal([{ row: 3, column: '编码 code', code: 'duplicate_code', message: 'code lab-1 is also on row 2' }]);

    const known = await createVenue(h.db, { nameZh: '第9实验室', hostZh: '山西大学9' });
    const matched = await upload(Buffer.from(csvFile([HEADER, rowFor(9)])), '?dryRun=true');
    expect(matched.body.toUpdate).to.deep.equal([{ row: 2, code: 'lab-9', nameZh: '第9实验室', venueId: known.id }]);

    const missing = await upload(Buffer.from(csvFile([['名称 nameZh'], ['x']])), '?dryRun=true');
    expect(missing.body.errors[0]).to.include({ row: 1, code: 'missing_columns' });

    const pdf = await upload(Buffer.from('%PDF-1.4\n\u0000\u0001binary'), '', 'application/pdf');
    expect([pdf.status, pdf.body.error.code]).to.deep.equal([415, 'unsupported_file_type']);
    const big = await upload(Buffer.alloc(2 * 1024 * 1024 + 1, 0x41));
    expect([big.status, big.body.error.code]).to.deep.equal([413, 'payload_too_large']);
    const manager = await signedIn(h, 'venue_manager', [known.id]);
    const forbidden = await h.http.request('POST', '/api/manage/venues/import', {
      raw: Buffer.from('a'),
      headers: { ...manager.headers, 'content-type': 'text/csv' },
    });
    expect(forbidden.status).to.equal(403);
  });

  it('when the example list shipped in seeders/data is imported, then every venue is created without an error', async () => {
    const file = readFileSync(path.join(projectRoot, 'seeders', 'data', 'venues-example.csv'));
    const res = await upload(file);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.errors).to.deep.equal([]);
    expect(res.body.toCreate.length)
      .to.equal(await venueCount())
      .and.to.be.greaterThan(20);
  });

  it('when the templates are downloaded, then the CSV (with BOM) and the workbook hold the columns in Chinese and English, and import as they are', async () => {
    const csv = await h.http.get('/api/manage/venues/import-template.csv', organiser.headers);
    expect(csv.status).to.equal(200);
    expect(csv.text.startsWith('\uFEFF编码 code,名称 nameZh')).to.equal(true);
    const xlsx = await h.http.get('/api/manage/venues/import-template.xlsx', organiser.headers);
    expect(xlsx.bytes.subarray(0, 2).toString()).to.equal('PK');
    const res = await upload(xlsx.bytes, '?dryRun=true');
    expect(res.body).to.deep.include({ errors: [], rows: 1 });
  });
});
