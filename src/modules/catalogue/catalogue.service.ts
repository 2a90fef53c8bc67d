// The public catalogue: the current edition, its venues with places left, and their sessions, answered from the
// read model in memory (read-model.ts) as prepared JSON.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { editionAnswer, sessionAnswer, sessionsAnswer, venueAnswer, venuesAnswer } from './answers.js';
import type { ListSessionsQuery, ListVenuesQuery } from './catalogue.schemas.js';
import { alternatives } from './alternatives.js';
import { createReadModel } from './read-model.js';
import { sessionDetail } from './sessions.js';

export interface CatalogueDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** How late other instances' changes may show, in ms (CATALOGUE_REFRESH_MS); 0: read the database every time. */
  refreshMs: number;
}

export function createCatalogueService(deps: CatalogueDeps) {
  const model = createReadModel(deps);
  return {
    getEdition: () => model.answer('edition', editionAnswer),
    listVenues: (q: ListVenuesQuery) =>
      model.answer(
        `venues|${q.kind ?? ''}|${q.level ?? ''}|${q.district ?? ''}|${q.date ?? ''}|${q.available ?? ''}|${q.q ?? ''}|${q.page}|${q.pageSize}`,
        (s) => venuesAnswer(s, q),
      ),
    getVenue: (id: number) => model.answer(`venue|${id}`, (s, now) => venueAnswer(s, id, now)),
    listSessions: (q: ListSessionsQuery) =>
      model.answer(`sessions|${q.venueId ?? ''}|${q.date ?? ''}|${q.page}|${q.pageSize}`, (s, now) => sessionsAnswer(s, q, now)),
    async getSession(id: number) {
      const { snapshot } = await model.read();
      if (!snapshot.sessions.has(id)) return sessionDetail(deps, id); // another edition's, or none
      return model.answer(`session|${id}`, (s, at) => sessionAnswer(s, id, at));
    },
    alternatives: (id: number, partySize: number) => alternatives(deps, id, partySize),
    /** This instance changed these rows: read them again before the next answer. */
    changed: model.changed,
    stop: model.stop,
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
