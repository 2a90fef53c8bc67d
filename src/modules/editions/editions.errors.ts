// Refusals of edition setup.
import { ConflictError, defineError } from '../../shared/errors.js';

export const editionsErrors = {
  editionHasBookings: defineError(ConflictError, 'edition_has_bookings', (bookings: number) => ({
    zh: '该届活动已发布且已有预约，不能更改日期',
    en: 'This edition is published and has bookings: its dates can no longer change',
    details: { bookings },
  })),
  editionExists: defineError(ConflictError, 'edition_exists', (slug: string) => ({
    zh: '已有同一标识的一届活动',
    en: 'An edition with this slug exists already',
    details: { slug },
  })),
  editionStatus: defineError(ConflictError, 'edition_status', (status: string, wanted: string) => ({
    zh: `该届活动当前为「${status}」，不能改为「${wanted}」`,
    en: `This edition is ${status}: it cannot become ${wanted}`,
    details: { status, wanted },
  })),
  venueHasBookings: defineError(ConflictError, 'venue_has_bookings', (venueId: number) => ({
    zh: '该场馆在这一届已有预约，不能退出',
    en: 'This venue has bookings in this edition: it cannot leave it',
    details: { venueId },
  })),
};
