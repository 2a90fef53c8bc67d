// A party as it is kept: names, and for ID numbers only a keyed hash (for the duplicate rule) and a masked form.
import { maskIdNumber } from '../../shared/masking.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { VisitorRow } from '../places/ledger.js';
import type { VisitorInput } from './bookings.schemas.js';

export type PreparedVisitor = VisitorRow;

/**
 * ID card numbers are hashed as they always were; other documents with their type, so a passport number can never
 * collide with another kind of document's.
 */
export function prepareVisitors(pii: PiiHasher, input: readonly VisitorInput[]): PreparedVisitor[] {
  return input.map((v, position) => {
    const type = v.idNumber ? (v.idType ?? 'id_card') : null;
    return {
      position,
      name: v.name,
      idHash: v.idNumber ? pii.hash(type === 'id_card' ? v.idNumber : `${type}:${v.idNumber}`) : null,
      idMasked: v.idNumber ? maskIdNumber(v.idNumber) : null,
      idType: type,
    };
  });
}

/** Keyed hash → masked ID number, for the people of a party who gave one. */
export function maskedByHash(visitors: readonly PreparedVisitor[]): Map<string, string> {
  return new Map(visitors.filter((v) => v.idHash).map((v) => [v.idHash!, v.idMasked!]));
}
