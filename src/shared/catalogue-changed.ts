// A signal raised after a transaction that changed what the public catalogue shows (places taken or given back, a
// session's capacity, times or status, a new session, a venue's details), so this instance's catalogue read model
// reads those rows again before its next answer. Writers know what they changed; the read model, in a module above
// them, subscribes when the services are wired (src/app.ts). Other instances see the change by polling.

export interface CatalogueChange {
  sessionIds?: readonly number[];
  venueIds?: readonly number[];
  /** Anything of this edition may have changed: read it whole again. */
  editionId?: number;
}

export type CatalogueListener = (change: CatalogueChange) => void;

export function createCatalogueChanged() {
  const listeners: CatalogueListener[] = [];
  return {
    on(listener: CatalogueListener): void {
      listeners.push(listener);
    },
    /** Synchronous and cheap: listeners only note what to read again. */
    emit(change: CatalogueChange): void {
      for (const l of listeners) l(change);
    },
  };
}

export type CatalogueChanged = ReturnType<typeof createCatalogueChanged>;
