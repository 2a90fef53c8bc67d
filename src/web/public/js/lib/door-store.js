// What a door scanner keeps on the device for working offline: the day's roster (no full ID numbers, no phones) and
// the queue of admissions made offline, in IndexedDB; its device id, next sequence number, gate name and door mode in
// localStorage. The roster is dropped at the end of its day and at sign-out; the queue only once synced.

const DB_NAME = 'openday-door';
const ROSTER = 'roster';
const QUEUE = 'queue';

/** @returns {Promise<IDBDatabase>} */
function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(ROSTER);
      req.result.createObjectStore(QUEUE, { keyPath: 'seq' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * @template T
 * @param {string} store
 * @param {IDBTransactionMode} mode
 * @param {(s: IDBObjectStore) => IDBRequest<T>} fn
 * @returns {Promise<T>}
 */
async function run(store, mode, fn) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = fn(tx.objectStore(store));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** @typedef {{ id: number | null, position: number, name: string | null, idTail: string | null, age: number | null, state: string }} RosterVisitor */
/** @typedef {{ bookingId: number, code: string, sessionId: number, status: string, partySize: number, visitors: RosterVisitor[] }} RosterBooking */
/** @typedef {{ venueId: number, date: string, generatedAt: string, keys: { kid: string, x: string }[], sessions: { id: number, startsAt: string, endsAt: string, opensAt: string, closesAt: string, status: string }[], bookings: RosterBooking[] }} Roster */
/** @typedef {{ seq: number, code: string, visitorIds?: number[], count?: number, scannedAt: string, gate?: string }} QueuedAdmission */

/** @returns {Promise<Roster | undefined>} */
export function loadRoster() {
  return run(ROSTER, 'readonly', (s) => s.get('current'));
}

/** @param {Roster} roster */
export function saveRoster(roster) {
  return run(ROSTER, 'readwrite', (s) => s.put(roster, 'current'));
}

export function dropRoster() {
  return run(ROSTER, 'readwrite', (s) => s.delete('current'));
}

/** @returns {Promise<QueuedAdmission[]>} */
export function queued() {
  return run(QUEUE, 'readonly', (s) => s.getAll());
}

/** @param {Omit<QueuedAdmission, 'seq'>} entry */
export async function enqueue(entry) {
  const seq = nextSeq();
  await run(QUEUE, 'readwrite', (s) => s.put({ ...entry, seq }));
  return seq;
}

/** @param {number[]} seqs */
export async function dequeue(seqs) {
  const db = await open();
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(QUEUE, 'readwrite');
      for (const seq of seqs) tx.objectStore(QUEUE).delete(seq);
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** This device's id for the sync (random, made once). */
export function deviceId() {
  let id = localStorage.getItem('openday.door.device');
  if (!id) {
    id = 'dev-' + crypto.randomUUID();
    localStorage.setItem('openday.door.device', id);
  }
  return id;
}

function nextSeq() {
  const seq = Number(localStorage.getItem('openday.door.seq') ?? '0') + 1;
  localStorage.setItem('openday.door.seq', String(seq));
  return seq;
}

export function gateName() {
  return localStorage.getItem('openday.door.gate') ?? '';
}

/** @param {string} gate */
export function setGateName(gate) {
  localStorage.setItem('openday.door.gate', gate);
}

export function doorMode() {
  return localStorage.getItem('openday.door.mode') === 'on';
}

/** @param {boolean} on */
export function setDoorMode(on) {
  localStorage.setItem('openday.door.mode', on ? 'on' : 'off');
}

/** At sign-out: the roster goes; a queue not yet synced stays, so no admission is lost. */
export async function clearAtSignOut() {
  if (typeof indexedDB === 'undefined') return;
  await dropRoster().catch(() => undefined);
}
