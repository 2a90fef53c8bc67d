// The draw order, a deterministic function of the seed and the applications (docs/draws.md; scripts/verify-draw.js
// computes the same with nothing but Node):
//   - the seed is 64 hex characters; its published hash is SHA-256 of that text (`printf %s <seed> | sha256sum`);
//   - each application's key is SHA-256 of "<seed>:<application id>", as hex; the order is by key, ascending;
//   - walking that order, skipping excluded applications (a person who already won a draw that day), each party that
//     fits whole in the places still free wins; the others stay in order on the waiting list.
import { createHash, randomBytes } from 'node:crypto';

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export function seedHash(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

export function orderKey(seed: string, applicationId: number): string {
  return createHash('sha256').update(`${seed}:${applicationId}`, 'utf8').digest('hex');
}

/** The applications in draw order. */
export function drawOrder<A extends { id: number }>(seed: string, applications: readonly A[]): A[] {
  const keyed = applications.map((a) => ({ a, key: orderKey(seed, a.id) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.a.id - y.a.id));
  return keyed.map((k) => k.a);
}

/** The winners: parties, in order, that fit whole in the places left. */
export function winnersOf<A extends { id: number; partySize: number }>(ordered: readonly A[], places: number, excluded: ReadonlySet<number>): A[] {
  let free = places;
  const won: A[] = [];
  for (const a of ordered) {
    if (free === 0) break;
    if (excluded.has(a.id) || a.partySize > free) continue;
    won.push(a);
    free -= a.partySize;
  }
  return won;
}
