// A party as it is kept: names, and for ID numbers only a keyed hash (for the duplicate rule) and a masked form.
import { maskIdNumber } from '../../shared/masking.js';
import { birthDateOf } from './id-number.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { VisitorRow } from '../places/ledger.js';
import type { VisitorInput } from './bookings.schemas.js';

export type PreparedVisitor = VisitorRow;

export function prepareVisitors(pii: PiiHasher, input: readonly VisitorInput[]): PreparedVisitor[] {
  return input.map((v, position) => ({
    position,
    name: v.name,
    idHash: v.idNumber ? pii.hash(v.idNumber) : null,
    idMasked: v.idNumber ? maskIdNumber(v.idNumber) : null,
    bornOn: v.idNumber ? (birthDateOf(v.idNumber) ?? null) : null,
  }));
}

/** Keyed hash → masked ID number, for the people of a party who gave one. */
export function maskedByHash(visitors: readonly PreparedVisitor[]): Map<string, string> {
  return new Map(visitors.filter((v) => v.idHash).map((v) => [v.idHash!, v.idMasked!]));
}
