// Writes one venue row inside the caller's transaction: the API, the import and the demo seeder all come through here.
import type { Sql } from '../../db/sql.js';
import { venueOf, type Venue } from '../catalogue/venue.js';
import { ValidationError } from '../../shared/errors.js';
import { checkFields, columnValues, type VenueFields } from './venue-fields.js';
import { venuesErrors } from './venues.errors.js';
import type { NewVenueInput, VenueUpdate } from './venues.schemas.js';

export async function insertVenue(tx: Sql, input: NewVenueInput, now: Date): Promise<Venue> {
  const problems = checkFields(input);
  if (problems.length > 0) throw new ValidationError(problems);
  if (await tx.first('SELECT id FROM venues WHERE code = :code', { code: input.code })) throw venuesErrors.venueExists(input.code);
  const defaults: Partial<VenueFields> = { minAge: 0, realNameRequired: input.kind === 'lab', designationEn: '', nameEn: '', hostEn: '', fieldEn: '' };
  const values = { ...columnValues({ ...defaults, ...input }), created_at: now, updated_at: now };
  const columns = Object.keys(values);
  const { insertId } = await tx.run(`INSERT INTO venues (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})`, values);
  return venueOf((await tx.first('SELECT * FROM venues WHERE id = :id', { id: insertId }))!);
}

/** Changes the fields given of a venue the caller has locked or found; answers the venue as it is afterwards. */
export async function updateVenueRow(tx: Sql, before: Venue, changes: VenueUpdate, now: Date): Promise<Venue> {
  const problems = checkFields(changes);
  if (problems.length > 0) throw new ValidationError(problems);
  if (changes.code !== undefined && changes.code !== before.code) {
    if (await tx.first('SELECT id FROM venues WHERE code = :code', { code: changes.code })) throw venuesErrors.venueExists(changes.code);
  }
  const values = columnValues(changes, before);
  const sets = Object.keys(values).map((c) => `${c} = :${c}`);
  await tx.run(`UPDATE venues SET ${[...sets, 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...values, now, id: before.id });
  return venueOf((await tx.first('SELECT * FROM venues WHERE id = :id', { id: before.id }))!);
}
