// Checks every row of an import against the venue rules and the registry: each row becomes a venue to create or to
// update (matched by code, else by exact Chinese name and host), or errors that name its row and column.
import type Joi from 'joi';
import { asInt, asText } from '../../db/rows.js';
import type { Sql } from '../../db/sql.js';
import { checkFields, type VenueFields } from '../venues/venue-fields.js';
import { createVenueBody, updateVenueBody, type NewVenueInput, type VenueUpdate } from '../venues/venues.schemas.js';
import { columnOf, fieldValue, headerOf, IMPORT_COLUMNS, type ImportColumn, type RowError } from './import-columns.js';

export interface PlannedRow {
  row: number;
  code: string;
  nameZh: string;
  /** The venue it updates; absent: a new venue. */
  venueId?: number;
  fields: NewVenueInput | VenueUpdate;
}

export interface ImportPlan {
  rows: number;
  toCreate: PlannedRow[];
  toUpdate: PlannedRow[];
  errors: RowError[];
}

const REQUIRED_COLUMNS = ['code', 'nameZh', 'kind', 'level', 'designationZh', 'hostZh', 'fieldZh'];
const MAX_ERRORS = 1000;

function validated(schema: Joi.Schema, fields: object, row: number, label: (key: string) => string): { value: Partial<VenueFields>; errors: RowError[] } {
  const { error, value } = schema.validate(fields, { abortEarly: false, convert: true }) as { error?: Joi.ValidationError; value: Partial<VenueFields> };
  const errors = (error?.details ?? []).map((d) => {
    const key = String(d.path[0] ?? '');
    return { row, column: key ? label(key) : null, code: d.type, message: d.message.replace(/"/g, '') };
  });
  return { value, errors };
}

export async function checkRows(sql: Sql, table: string[][]): Promise<ImportPlan> {
  const plan: ImportPlan = { rows: 0, toCreate: [], toUpdate: [], errors: [] };
  const header = table[0] ?? [];
  const columns = header.map((h) => columnOf(h));
  const present = new Set(columns.filter((c): c is ImportColumn => c !== undefined).map((c) => c.key));
  const missing = REQUIRED_COLUMNS.filter((k) => !present.has(k as ImportColumn['key']));
  if (missing.length > 0) {
    const names = missing.map((k) => headerOf(IMPORT_COLUMNS.find((c) => c.key === k)!));
    plan.errors.push({ row: 1, column: null, code: 'missing_columns', message: `missing column(s): ${names.join(', ')}` });
    return plan;
  }
  const label = (key: string) => {
    const c = IMPORT_COLUMNS.find((x) => x.key === key || (key === 'ageRange' && x.key === 'ageMin'));
    return c ? headerOf(c) : key;
  };

  const existing = await sql.select<{ id: unknown; code: unknown; name_zh: unknown; host_zh: unknown }>('SELECT id, code, name_zh, host_zh FROM venues');
  const byCode = new Map(existing.map((v) => [asText(v.code), asInt(v.id)]));
  const byName = new Map(existing.map((v) => [`${asText(v.name_zh)}\u0000${asText(v.host_zh)}`, asInt(v.id)]));
  const seenCodes = new Map<string, number>();

  for (let i = 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((c) => c.trim() === '')) continue; // empty rows (and the tail Excel leaves) are skipped
    const row = i + 1;
    plan.rows++;
    const raw: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      if (!c) return;
      const v = fieldValue(c.key, cells[j] ?? '');
      if (v !== undefined) raw[c.key] = v;
    });
    const { ageMin, ageMax, ...rest } = raw;
    const fields: Partial<VenueFields> & Record<string, unknown> = rest;
    const errors: RowError[] = [];
    if (ageMin !== undefined || ageMax !== undefined) {
      if (ageMin === undefined || ageMax === undefined)
        errors.push({ row, column: label('ageMin'), code: 'age.incomplete', message: 'give both ends of the suitable age range' });
      else fields.ageRange = { min: ageMin as number, max: ageMax as number };
    }
    const code = typeof fields.code === 'string' ? fields.code.trim() : '';
    const venueId = (code && byCode.get(code)) || byName.get(`${String(fields.nameZh ?? '').trim()}\u0000${String(fields.hostZh ?? '').trim()}`);
    const checked = validated(venueId ? updateVenueBody : createVenueBody, fields, row, label);
    errors.push(...checked.errors);
    errors.push(...checkFields(fields).map((p) => ({ row, column: label(p.field), code: p.type, message: p.message })));
    if (code) {
      const first = seenCodes.get(code);
      if (first !== undefined) errors.push({ row, column: label('code'), code: 'duplicate_code', message: `code ${code} is also on row ${first}` });
      else seenCodes.set(code, row);
    }
    if (errors.length > 0) {
      if (plan.errors.length < MAX_ERRORS) plan.errors.push(...errors);
      continue;
    }
    const planned: PlannedRow = { row, code, nameZh: String(checked.value.nameZh), fields: checked.value as NewVenueInput };
    if (venueId) plan.toUpdate.push({ ...planned, venueId });
    else plan.toCreate.push(planned);
  }
  return plan;
}
