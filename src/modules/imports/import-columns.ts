// The columns of the venue list the districts send, in Chinese and English, and how each cell becomes a venue field.
import type { VenueFields } from '../venues/venue-fields.js';

export interface RowError {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface ImportColumn {
  key: keyof VenueFields | 'ageMin' | 'ageMax';
  zh: string;
}

/** In template order; a file may hold them in any order and leave optional ones out. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'code', zh: '编码' },
  { key: 'nameZh', zh: '名称' },
  { key: 'nameEn', zh: '英文名称' },
  { key: 'kind', zh: '类型' },
  { key: 'level', zh: '级别' },
  { key: 'designationZh', zh: '称号' },
  { key: 'designationEn', zh: '英文称号' },
  { key: 'hostZh', zh: '依托单位' },
  { key: 'hostEn', zh: '英文依托单位' },
  { key: 'district', zh: '所在区' },
  { key: 'addressZh', zh: '地址' },
  { key: 'fieldZh', zh: '领域' },
  { key: 'fieldEn', zh: '英文领域' },
  { key: 'descriptionZh', zh: '简介' },
  { key: 'descriptionEn', zh: '英文简介' },
  { key: 'tags', zh: '标签' },
  { key: 'minAge', zh: '最低年龄' },
  { key: 'ageMin', zh: '适宜年龄下限' },
  { key: 'ageMax', zh: '适宜年龄上限' },
  { key: 'visitMinutes', zh: '参观时长' },
  { key: 'maxPartySize', zh: '每单人数上限' },
  { key: 'realNameRequired', zh: '实名' },
  { key: 'accessibilityZh', zh: '无障碍' },
  { key: 'accessibilityEn', zh: '英文无障碍' },
  { key: 'contactPhone', zh: '联系电话' },
  { key: 'contactEmail', zh: '联系邮箱' },
];

/** The template's header cell: "编码 code". */
export const headerOf = (c: ImportColumn) => `${c.zh} ${c.key}`;

const norm = (s: string) => s.replace(/[\s()（）/_*]+/g, '').toLowerCase();
const BY_NAME = new Map<string, ImportColumn>();
for (const c of IMPORT_COLUMNS) for (const name of [c.zh, c.key, `${c.zh}${c.key}`]) BY_NAME.set(norm(name), c);

/** The column a header cell names ("编码 code", "编码", "code", "名称（name_zh）" …), if any. */
export function columnOf(header: string): ImportColumn | undefined {
  const n = norm(header);
  if (n === '') return undefined;
  return BY_NAME.get(n) ?? BY_NAME.get(n.replace(/[a-z]+$/, '')) ?? BY_NAME.get(n.replace(/^[^a-z]+/, ''));
}

const KINDS: Record<string, string> = {
  lab: 'lab',
  实验室: 'lab',
  重点实验室: 'lab',
  science_base: 'science_base',
  科普基地: 'science_base',
  基地: 'science_base',
};
const LEVELS: Record<string, string> = {
  national: 'national',
  国家级: 'national',
  国家: 'national',
  provincial: 'provincial',
  省级: 'provincial',
  省: 'provincial',
};
const YES = new Set(['是', 'y', 'yes', 'true', '1', '需要']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '不需要']);

/** A cell's text as the field's value, before the field's own rules check it (an unknown word stays as it is). */
export function fieldValue(key: ImportColumn['key'], text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  switch (key) {
    case 'kind':
      return KINDS[t.toLowerCase()] ?? t;
    case 'level':
      return LEVELS[t.toLowerCase()] ?? t;
    case 'realNameRequired':
      return YES.has(t.toLowerCase()) ? true : NO.has(t.toLowerCase()) ? false : t;
    case 'tags':
      return t
        .split(/[,，;；、]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
    case 'minAge':
    case 'ageMin':
    case 'ageMax':
    case 'visitMinutes':
    case 'maxPartySize':
      return /^\d+$/.test(t) ? Number(t) : t;
    default:
      return t;
  }
}
