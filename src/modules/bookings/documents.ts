// Identity documents a visitor may give where a venue admits by real name: the mainland resident ID card, a passport,
// the Mainland Travel Permits for Hong Kong and Macao residents and for Taiwan residents, and the foreigner's permanent
// residence ID card. Each is checked by its format (the ID card and the 2023 permanent residence card also by their
// check digit and birth date); documents that carry no birth date need one typed beside them.
import { birthDateOf, idNumberProblem } from './id-number.js';

export const DOCUMENT_TYPES = ['id_card', 'passport', 'hk_mo_permit', 'tw_permit', 'foreign_pr'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Documents that do not show the holder's birth date in their number: it is typed beside them. */
export const NEEDS_BIRTH_DATE: ReadonlySet<DocumentType> = new Set(['passport', 'hk_mo_permit', 'tw_permit']);

const FORMATS: Record<Exclude<DocumentType, 'id_card' | 'foreign_pr'>, RegExp> = {
  // Passports of any country: letters and digits (China: E/G and 8 digits).
  passport: /^[A-Z0-9]{5,17}$/,
  // 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 digits (older cards: 10).
  hk_mo_permit: /^[HM]\d{8}(\d{2})?$/,
  // 台湾居民来往大陆通行证: 8 digits (older cards: 10).
  tw_permit: /^\d{8}(\d{2})?$/,
};

/** 外国人永久居留身份证, 2017 card: three-letter nationality, province, YYMMDD birth date, sequence and check digit. */
const FOREIGN_PR_2017 = /^[A-Z]{3}\d{12}$/;

export function normaliseDocumentNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export type DocumentProblem = 'format' | 'check_digit' | 'birth_date';

/** What is wrong with a normalised document number of `type`, or undefined if it is valid. */
export function documentProblem(type: DocumentType, n: string): DocumentProblem | undefined {
  if (type === 'id_card') return idNumberProblem(n);
  if (type === 'foreign_pr') {
    // The 2023 card: 18 digits starting with 9, built and checked like the resident ID card (GB 11643).
    if (/^9\d{16}[\dX]$/.test(n)) return idNumberProblem(n);
    if (!FOREIGN_PR_2017.test(n)) return 'format';
    return birthDateOf2017(n) ? undefined : 'birth_date';
  }
  return FORMATS[type].test(n) ? undefined : 'format';
}

/** The 2017 card's YYMMDD, read as the most recent such date (the card is for living people). */
function birthDateOf2017(n: string): string | undefined {
  const yy = Number(n.slice(5, 7));
  const year = yy + (yy <= new Date().getUTCFullYear() % 100 ? 2000 : 1900);
  return birthDateOf(`000000${year}${n.slice(7, 11)}0000`);
}

/** The birth date a document's number shows, if it shows one. */
export function documentBirthDate(type: DocumentType, n: string): string | undefined {
  if (type === 'id_card') return birthDateOf(n);
  if (type === 'foreign_pr') return n.startsWith('9') ? birthDateOf(n) : birthDateOf2017(n);
  return undefined;
}
