// One session read from the database: for the staff tools and the door, and for a session of another edition than
// the one the read model holds.
import { catalogueErrors } from './catalogue.errors.js';
import { sessionView, type SessionView } from './catalogue.views.js';
import { editionById, type EditionsDeps } from './editions.js';
import { sessionOf, type Session } from './session.js';

/** A session row by id, or the catalogue's not-found. */
export async function sessionById({ db }: Pick<EditionsDeps, 'db'>, id: number): Promise<Session> {
  const row = await db.sql.first('SELECT * FROM sessions WHERE id = :id', { id });
  if (!row) throw catalogueErrors.noSession(id);
  return sessionOf(row);
}

export async function sessionDetail(deps: EditionsDeps, id: number): Promise<SessionView> {
  const session = await sessionById(deps, id);
  return sessionView(session, await editionById(deps, session.editionId), deps.clock.now());
}
