// The waiting list is built separately; until its API answers, the pages do not offer it.
import { api } from './api.js';

/** @type {Promise<boolean> | undefined} */
let probe;

/** True when the server has the waiting-list routes: a GET that only validates, never writes. */
export function waitlistAvailable() {
  probe ??= api('/api/waitlist/0?phone=13800000000').then(
    () => true,
    (err) => !err.isMissingRoute,
  );
  return probe;
}
