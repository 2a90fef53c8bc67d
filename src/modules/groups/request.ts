// A teacher (a verified phone) asks to bring a class: school, class, pupils counted (never named: minors' data is not
// collected), accompanying adults named under the venue's real-name rule, the pupils' ages, up to three preferred
// sessions and a note. Nothing is held yet: the venue manager answers.
import { asBool, asDate, asInt, asIntOrNull } from '../../db/rows.js';
import { ValidationError, type FieldProblem } from '../../shared/errors.js';
import { maskPhone } from '../../shared/masking.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { rulesOf } from '../catalogue/edition.js';
import { prepareVisitors } from '../bookings/visitors.js';
import { DEFAULT_MAX_GROUP_SIZE, groupById } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupErrors } from './groups.errors.js';
import type { GroupRequestInput } from './groups.schemas.js';
import { groupView, type GroupView } from './groups.views.js';
import { notifyTeacher } from './notify.js';

export async function requestVisit(deps: GroupsDeps, phone: string, input: GroupRequestInput): Promise<GroupView> {
  const { db, clock } = deps;
  const now = clock.now();
  const venue = await db.sql.first('SELECT id, min_age, real_name_required, max_group_size FROM venues WHERE id = :id', { id: input.venueId });
  if (!venue) throw catalogueErrors.noVenue(input.venueId);
  const sessions = await db.sql.select(
    `SELECT s.id, s.edition_id, s.venue_id, s.status, s.starts_at, e.booking_opens_at, e.rules
     FROM sessions s JOIN editions e ON e.id = s.edition_id WHERE s.id IN (:ids)`,
    { ids: input.sessionIds },
  );
  for (const sessionId of input.sessionIds) {
    const s = sessions.find((r) => asInt(r.id) === sessionId);
    const bookable =
      s &&
      asInt(s.venue_id) === input.venueId &&
      s.status === 'open' &&
      now < bookingWindow({ startsAt: asDate(s.starts_at) }, { bookingOpensAt: asDate(s.booking_opens_at), rules: rulesOf(s.rules) }).closesAt;
    if (!bookable) throw groupErrors.sessionNotOffered(sessionId);
  }
  const editionIds = new Set(sessions.map((s) => asInt(s.edition_id)));
  if (editionIds.size !== 1) throw groupErrors.sessionNotOffered(input.sessionIds[0]!);
  const max = asIntOrNull(venue.max_group_size) ?? DEFAULT_MAX_GROUP_SIZE;
  const size = input.pupils + input.adults.length;
  if (size > max) throw groupErrors.tooLarge(max, size);
  if (input.ageFrom < asInt(venue.min_age)) throw groupErrors.tooYoung(asInt(venue.min_age));
  if (asBool(venue.real_name_required)) {
    const missing: FieldProblem[] = input.adults.flatMap((a, i) =>
      a.idNumber ? [] : [{ field: `adults.${i}.idNumber`, message: 'idNumber is required: this venue admits visitors by real name', type: 'any.required' }],
    );
    if (missing.length > 0) throw new ValidationError(missing);
  }
  const adults = prepareVisitors(deps.pii, input.adults);
  const id = await db.transaction(async (tx) => {
    const { insertId } = await tx.run(
      `INSERT INTO group_requests (edition_id, venue_id, status, school, class_name, pupils, age_from, age_to, adults, adult_count, preferred, note,
         contact_name, contact_phone, language, proposed, created_at, updated_at)
       VALUES (:editionId, :venueId, 'requested', :school, :className, :pupils, :ageFrom, :ageTo, :adults, :adultCount, :preferred, :note,
         :contactName, :phone, :language, :proposed, :now, :now)`,
      {
        editionId: [...editionIds][0],
        venueId: input.venueId,
        school: input.school,
        className: input.className,
        pupils: input.pupils,
        ageFrom: input.ageFrom,
        ageTo: input.ageTo,
        adults: JSON.stringify(adults),
        adultCount: adults.length,
        preferred: JSON.stringify(input.sessionIds),
        note: input.note ?? null,
        contactName: input.contactName,
        phone,
        language: input.language,
        proposed: false,
        now,
      },
    );
    await notifyTeacher(deps, tx, (await groupById(tx, insertId))!, 'requested');
    return insertId;
  });
  deps.logger.info('group visit requested', { id, venueId: input.venueId, size, phone: maskPhone(phone) });
  return groupView(db, (await groupById(db.sql, id))!);
}
