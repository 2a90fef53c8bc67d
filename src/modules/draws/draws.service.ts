// Draws for oversubscribed sessions: a manager sets one up, families apply, the job draws at the close, anyone checks
// the result.
import type { Actor } from '../../shared/actor.js';
import type { CreateBookingInput } from '../bookings/bookings.schemas.js';
import { apply } from './apply.js';
import { createDraw } from './create.js';
import { applicationOf, drawById, drawOfSession } from './draw.js';
import type { DrawsDeps } from './draws.deps.js';
import { drawErrors } from './draws.errors.js';
import type { CreateDrawInput } from './draws.schemas.js';
import { applicationView, drawView } from './draws.views.js';
import { runDraw, runDueDraws } from './run.js';

export function createDrawsService(deps: DrawsDeps) {
  return {
    create: (actor: Actor, sessionId: number, input: CreateDrawInput) => createDraw(deps, actor, sessionId, input),
    apply: (input: CreateBookingInput) => apply(deps, input),
    /** The draw of a session: its hash from the start, its seed and order once drawn. */
    ofSession: async (sessionId: number) => {
      const draw = await drawOfSession(deps.db.sql, sessionId);
      if (!draw) throw drawErrors.noDraw();
      return drawView(deps, draw);
    },
    /** An application, for the phone it was made with. */
    application: async (id: number, phone: string) => {
      const row = await deps.db.sql.first('SELECT * FROM draw_applications WHERE id = :id', { id });
      const a = row && applicationOf(row);
      if (!a || a.contactPhone !== phone) throw drawErrors.noApplication();
      return applicationView(a);
    },
    /** The job: every draw whose applications have closed. */
    runDue: () => runDueDraws(deps),
    run: async (drawId: number) => {
      if (!(await drawById(deps.db.sql, drawId))) throw drawErrors.noDraw();
      return runDraw(deps, drawId);
    },
  };
}

export type DrawsService = ReturnType<typeof createDrawsService>;
