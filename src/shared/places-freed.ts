// A signal raised after a transaction that gave places back (cancellation, capacity raised, offer expired),
// so the waiting list can offer them at once. Listeners run after the commit; a failure is logged, and the
// every-minute waitlist job offers anything a listener missed.
import type { Logger } from './logger.js';

export type PlacesFreedListener = (sessionId: number) => Promise<unknown>;

export function createPlacesFreed(logger: Logger) {
  const listeners: PlacesFreedListener[] = [];
  return {
    on(listener: PlacesFreedListener): void {
      listeners.push(listener);
    },
    /** Resolves when every listener has finished, so callers (and tests) can wait for the offers. */
    async emit(sessionId: number): Promise<void> {
      await Promise.all(listeners.map((l) => l(sessionId).catch((err: unknown) => logger.error('places-freed listener failed', { sessionId, err }))));
    },
  };
}

export type PlacesFreed = ReturnType<typeof createPlacesFreed>;
