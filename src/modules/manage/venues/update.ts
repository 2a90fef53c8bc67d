// A manager changes the public details and rules of a venue they serve; every change is audited (the fields named).
import { requireVenue, type Actor } from '../../../shared/actor.js';
import { catalogueErrors } from '../../catalogue/catalogue.errors.js';
import { currentEditionOrNull } from '../../catalogue/editions.js';
import { venueOf, type Venue } from '../../catalogue/venue.js';
import { forUpdate } from '../../../db/sql.js';
import type { VenueChanges } from '../manage.schemas.js';
import { managedVenueView, type ManagedVenueView } from '../manage.views.js';
import type { ManageDeps } from '../managed-session.js';

// Field → column, for the fields a venue's own managers may change.
const COLUMNS = {
  descriptionZh: 'description_zh',
  descriptionEn: 'description_en',
  addressZh: 'address_zh',
  district: 'district',
  accessibilityZh: 'accessibility_zh',
  accessibilityEn: 'accessibility_en',
  contactPhone: 'contact_phone',
  contactEmail: 'contact_email',
  minAge: 'min_age',
  maxPartySize: 'max_party_size',
  realNameRequired: 'real_name_required',
} as const satisfies Record<keyof VenueChanges, string>;

const NULLABLE_TEXT = new Set<string>([
  'descriptionZh',
  'descriptionEn',
  'addressZh',
  'district',
  'accessibilityZh',
  'accessibilityEn',
  'contactPhone',
  'contactEmail',
]);

export async function updateVenue(deps: ManageDeps, actor: Actor, venueId: number, changes: VenueChanges): Promise<ManagedVenueView> {
  requireVenue(actor, venueId);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(COLUMNS) as (keyof VenueChanges)[]) {
    const value = changes[key];
    if (value === undefined) continue;
    values[key] = NULLABLE_TEXT.has(key) && value === '' ? null : value;
  }
  const now = deps.clock.now();
  const venue = await deps.db.transaction(async (tx) => {
    const row = await tx.first(`SELECT * FROM venues WHERE id = :id${forUpdate(tx)}`, { id: venueId });
    if (!row) throw catalogueErrors.noVenue(venueId);
    const before = venueOf(row);
    const sets = Object.keys(values).map((k) => `${COLUMNS[k as keyof VenueChanges]} = :${k}`);
    await tx.run(`UPDATE venues SET ${[...sets, 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...values, now, id: venueId });
    const after = venueOf((await tx.first('SELECT * FROM venues WHERE id = :id', { id: venueId }))!);
    // Only the fields this request names: descriptions are long, and the rest did not change.
    const pick = (v: Venue) => Object.fromEntries(Object.keys(values).map((k) => [k, v[k as keyof Venue]]));
    await deps.audit.record({ actor, action: 'venue.update', targetType: 'venue', targetId: venueId, venueId, before: pick(before), after: pick(after) }, tx);
    return after;
  });
  deps.catalogueChanged.emit({ venueIds: [venueId] });
  deps.logger.info('venue updated', { venueId, by: actor.id, fields: Object.keys(values) });
  return managedVenueView(venue, await currentEditionOrNull(deps));
}
