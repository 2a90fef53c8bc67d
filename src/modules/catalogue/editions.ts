// Which edition a request is about: the one running now, else the next, else the last.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { addDays, startOfLocalDay } from '../../shared/time.js';
import { catalogueErrors } from './catalogue.errors.js';
import { editionOf, type Edition } from './edition.js';

export interface EditionsDeps {
  db: Database;
  clock: Clock;
}

/** Families see published editions only; drafts are previewed by staff (src/modules/editions). */
export async function currentEdition({ db, clock }: EditionsDeps): Promise<Edition> {
  const now = clock.now();
  const editions = (await db.sql.select("SELECT * FROM editions WHERE status = 'published' ORDER BY start_date, id")).map(editionOf);
  const edition = editions.find((e) => startOfLocalDay(addDays(e.endDate, 1), e.timezone) > now) ?? editions.at(-1);
  if (!edition) throw catalogueErrors.noEdition();
  return edition;
}

/** The current edition, or null when none is scheduled yet. */
export async function currentEditionOrNull(deps: EditionsDeps): Promise<Edition | null> {
  return currentEdition(deps).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'not_found') return null;
    throw err;
  });
}

export async function editionById({ db }: Pick<EditionsDeps, 'db'>, id: number): Promise<Edition> {
  const row = await db.sql.first('SELECT * FROM editions WHERE id = :id', { id });
  if (!row) throw catalogueErrors.noEdition();
  return editionOf(row);
}

export async function allEditions({ db }: Pick<EditionsDeps, 'db'>): Promise<Edition[]> {
  return (await db.sql.select('SELECT * FROM editions ORDER BY start_date, id')).map(editionOf);
}
