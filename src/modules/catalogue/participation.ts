// Catalogue filters owned by edition setup: only venues taking part in an edition appear in it, and the search text
// also matches a venue's tags.

/** SQL condition: the venue aliased `venue` takes part in the edition named `:editionId`. */
export function takesPart(venue: string): string {
  return `EXISTS (SELECT 1 FROM edition_venues ev WHERE ev.edition_id = :editionId AND ev.venue_id = ${venue}.id)`;
}

/** The venue columns the free-text search `q` looks in. */
export const SEARCHED_COLUMNS = ['name_zh', 'name_en', 'host_zh', 'host_en', 'field_zh', 'field_en', 'tags'] as const;
