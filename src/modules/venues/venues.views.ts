// A venue as the registry shows it to staff: every field, and the rules families are held to now.
import type { Edition } from '../catalogue/edition.js';
import type { Venue } from '../catalogue/venue.js';
import { managedVenueView, type ManagedVenueView } from '../manage/manage.views.js';

export interface RegistryVenueView extends ManagedVenueView {
  designationZh: string;
  designationEn: string;
  nameZh: string;
  hostZh: string;
  hostEn: string;
  fieldZh: string;
  fieldEn: string;
  tags: string[];
  ageRange: { min: number; max: number } | null;
  visitMinutes: number | null;
  source: string | null;
}

export function registryVenueView(v: Venue, edition: Edition | null): RegistryVenueView {
  return {
    ...managedVenueView(v, edition),
    designationZh: v.designationZh,
    designationEn: v.designationEn,
    nameZh: v.nameZh,
    hostZh: v.hostZh,
    hostEn: v.hostEn,
    fieldZh: v.fieldZh,
    fieldEn: v.fieldEn,
    tags: v.tags,
    ageRange: v.ageRange,
    visitMinutes: v.visitMinutes,
    source: v.source,
  };
}
