// The scanner's way to the door's API, online or not: with the network, the server decides; without it (or when a
// request cannot reach the server), the prepared roster and the public keys decide, the admission is queued with this
// device's id and sequence number, and the queue syncs (POST /api/checkins/sync) once the network is back.
import { ApiError } from './api.js';
import { dequeue, deviceId, dropRoster, enqueue, loadRoster, queued, saveRoster } from './door-store.js';
import { verifyOffline } from './door-verify.js';
import { serverNow } from './format.js';
import { t } from './i18n.js';
import { staffApi } from './staff.js';

/** @typedef {import('./door-party.js').DoorParty} DoorParty */
/** @typedef {import('./door-store.js').Roster} Roster */

const SYNC_CHUNK = 200;

/** @param {string} code @param {string} [message] */
const refusal = (code, message) => new ApiError(0, code, message ?? t('scan.result.' + code));

/** @param {unknown} err */
const unreachable = (err) => err instanceof ApiError && err.status === 0;

/** @param {{ today: string, onChange: () => void }} opts */
export async function createDoorClient({ today, onChange }) {
  /** @type {Roster | undefined} */
  let roster = await loadRoster().catch(() => undefined);
  if (roster && roster.date !== today) {
    // Yesterday's roster is of no use and holds personal data: gone.
    await dropRoster();
    roster = undefined;
  }
  let queueLength = (await queued().catch(() => [])).length;
  let offline = !navigator.onLine;
  window.addEventListener('online', () => {
    offline = false;
    onChange();
  });
  window.addEventListener('offline', () => {
    offline = true;
    onChange();
  });

  /** @param {import('./door-store.js').RosterBooking} b @returns {DoorParty} */
  function partyOfRoster(b) {
    const s = roster?.sessions.find((x) => x.id === b.sessionId);
    const admitted = b.visitors.filter((v) => v.state === 'admitted').length;
    return {
      code: b.code,
      partySize: b.partySize,
      admitted,
      expected: b.status === 'confirmed' ? b.partySize - admitted : 0,
      visitors: b.visitors.map((v) => ({ ...v, admission: v.state === 'admitted' ? { id: 0, at: '', gate: null, by: null, offline: true } : null })),
      session: { id: b.sessionId, startsAt: s?.startsAt ?? '', endsAt: s?.endsAt ?? '' },
      offline: true,
    };
  }

  /** @param {{ token?: string, code?: string }} body @returns {Promise<DoorParty>} */
  async function lookupOffline(body) {
    if (!roster) throw refusal('offline_no_roster', t('door.offlineNoRoster'));
    let code = body.code;
    let sessionId;
    if (body.token !== undefined) {
      const v = await verifyOffline(body.token, roster.keys);
      if (!v.ok) throw refusal('invalid_token', t('door.offlineBadToken'));
      code = v.code;
      sessionId = v.sessionId;
    }
    const b = roster.bookings.find((x) => x.code === code);
    if (!b) throw refusal(body.token ? 'invalid_token' : 'not_found', t('door.offlineUnknown'));
    if (sessionId !== undefined && sessionId !== b.sessionId) throw refusal('invalid_token', t('door.offlineBadToken'));
    if (b.status !== 'confirmed') throw refusal('booking_cancelled');
    const s = roster.sessions.find((x) => x.id === b.sessionId);
    const now = serverNow().getTime();
    if (s && (now < Date.parse(s.opensAt) || now > Date.parse(s.closesAt))) throw refusal('not_checkin_time');
    return partyOfRoster(b);
  }

  /**
   * @param {string} code
   * @param {{ visitorIds: number[] } | { count: number }} selection
   * @param {string} gate
   */
  async function admitOffline(code, selection, gate) {
    const b = roster?.bookings.find((x) => x.code === code);
    if (!roster || !b) throw refusal('offline_no_roster', t('door.offlineNoRoster'));
    const expected = b.visitors.filter((v) => v.state !== 'admitted');
    const chosen =
      'visitorIds' in selection ? expected.filter((v) => v.id !== null && selection.visitorIds.includes(v.id)) : expected.slice(0, selection.count);
    if (chosen.length === 0) throw refusal('already_checked_in', t('door.allIn'));
    for (const v of chosen) v.state = 'admitted';
    await enqueue({ code, ...selection, scannedAt: serverNow().toISOString(), ...(gate ? { gate } : {}) });
    await saveRoster(roster);
    queueLength += 1;
    onChange();
    return { admitted: chosen.length, party: partyOfRoster(b) };
  }

  return {
    get offline() {
      return offline;
    },
    get queueLength() {
      return queueLength;
    },
    get roster() {
      return roster;
    },
    /** @param {{ token?: string, code?: string }} body @returns {Promise<DoorParty>} */
    async lookup(body) {
      if (offline) return lookupOffline(body);
      try {
        return await staffApi('/api/checkins/lookup', { method: 'POST', body });
      } catch (err) {
        if (!unreachable(err)) throw err;
        offline = true;
        onChange();
        return lookupOffline(body);
      }
    },
    /**
     * @param {DoorParty} party
     * @param {{ visitorIds: number[] } | { count: number }} selection
     * @param {string} gate
     * @returns {Promise<{ admitted: number, party: DoorParty, message?: string }>}
     */
    async admit(party, selection, gate) {
      if (offline || party.offline) return admitOffline(party.code, selection, gate);
      try {
        const r = await staffApi('/api/checkins', { method: 'POST', body: { code: party.code, ...selection, ...(gate ? { gate } : {}) } });
        return { admitted: r.admitted, message: r.message, party: { ...party, admitted: r.admittedTotal, expected: r.expected, visitors: r.party } };
      } catch (err) {
        if (!unreachable(err)) throw err;
        offline = true;
        onChange();
        return admitOffline(party.code, selection, gate);
      }
    },
    /** Downloads today's roster and keys for this device's venue. @param {number | undefined} venueId */
    async prepare(venueId) {
      roster = await staffApi(`/api/checkins/roster${venueId ? `?venueId=${venueId}` : ''}`);
      await saveRoster(/** @type {Roster} */ (roster));
      onChange();
      return roster;
    },
    /** Sends the queue; entries answered (accepted, duplicate, conflict, invalid) leave it. */
    async sync() {
      const tally = { accepted: 0, duplicate: 0, conflict: 0, invalid: 0 };
      const entries = await queued();
      for (let i = 0; i < entries.length; i += SYNC_CHUNK) {
        const chunk = entries.slice(i, i + SYNC_CHUNK);
        const res = await staffApi('/api/checkins/sync', { method: 'POST', body: { deviceId: deviceId(), entries: chunk } });
        for (const r of res.results) tally[/** @type {keyof typeof tally} */ (r.result)] += 1;
        await dequeue(chunk.map((e) => e.seq));
      }
      queueLength = (await queued()).length;
      offline = false;
      onChange();
      return tally;
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof createDoorClient>>} DoorClient */
