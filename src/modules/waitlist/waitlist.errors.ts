// Refusals of the waiting-list routes.
import { ConflictError, defineError, NotFoundError } from '../../shared/errors.js';

export const waitlistErrors = {
  noEntry: defineError(NotFoundError, 'not_found', { zh: '未找到该候补登记', en: 'No such waiting-list entry' }),
  placesAvailable: defineError(ConflictError, 'places_available', (remaining: number) => ({
    zh: '该场次仍有足够名额，请直接预约',
    en: 'This session still has enough places: book it directly',
    details: { remaining },
  })),
  alreadyWaiting: defineError(ConflictError, 'already_waiting', (id: number) => ({
    zh: '该手机号已在此场次的候补名单中',
    en: 'This phone is already on the waiting list of this session',
    details: { id },
  })),
  noOffer: defineError(ConflictError, 'no_offer', (status: string) => ({
    zh: '目前没有可确认的名额',
    en: 'There is no offer to confirm',
    details: { status },
  })),
};
