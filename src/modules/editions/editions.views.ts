// The JSON shape of an edition as organisers set it up: the public view, its status and its counts.
import { editionView, type EditionView } from '../catalogue/catalogue.views.js';
import type { Edition, EditionStatus } from '../catalogue/edition.js';

export interface EditionCounts {
  venues: number;
  sessions: number;
  bookings: number;
}

export interface EditionAdminView extends EditionView, EditionCounts {
  status: EditionStatus;
}

export function editionAdminView(e: Edition, counts: EditionCounts): EditionAdminView {
  return { ...editionView(e), status: e.status, ...counts };
}
