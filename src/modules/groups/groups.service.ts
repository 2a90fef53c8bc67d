// Group visits: a teacher requests, the venue manager approves, declines or proposes another session, the teacher
// confirms (one booking, one QR code, admitted at the door by count), and offers never confirmed expire.
import type { Actor } from '../../shared/actor.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import { confirmVisit } from './confirm.js';
import { declineVisit } from './decline.js';
import { expireOffers } from './expire.js';
import { groupById } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupErrors } from './groups.errors.js';
import type { GroupRequestInput } from './groups.schemas.js';
import { groupView } from './groups.views.js';
import { listForStaff, listForTeacher } from './list.js';
import { offerSession } from './offer.js';
import { groupsReport } from './report.js';
import { requestVisit } from './request.js';

export function createGroupsService(deps: GroupsDeps & { placesFreed: PlacesFreed }) {
  return {
    request: (phone: string, input: GroupRequestInput) => requestVisit(deps, phone, input),
    mine: (phone: string) => listForTeacher(deps, phone),
    get: async (phone: string, id: number) => {
      const g = await groupById(deps.db.sql, id);
      if (!g || g.contactPhone !== phone) throw groupErrors.noRequest();
      return groupView(deps.db, g);
    },
    confirm: (phone: string, id: number) => confirmVisit(deps, phone, id),
    queue: (actor: Actor, filter: { venueId?: number; status?: string }) => listForStaff(deps, actor, filter),
    approve: (actor: Actor, id: number, sessionId: number, note?: string) => offerSession(deps, actor, id, sessionId, 'approve', note),
    propose: (actor: Actor, id: number, sessionId: number, note?: string) => offerSession(deps, actor, id, sessionId, 'propose', note),
    decline: (actor: Actor, id: number, reason: string) => declineVisit(deps, actor, id, reason),
    report: (editionId?: number) => groupsReport(deps, editionId),
    /** The job: offers past their deadline. */
    expireOffers: () => expireOffers(deps),
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
