#!/usr/bin/env node
// Recomputes a published draw from its seed, with nothing but Node (docs/draws.md):
//   curl -s https://<host>/api/sessions/<id>/draw > results.json && node scripts/verify-draw.js results.json
// Checks that SHA-256(seed) is the hash published before the close, recomputes the draw order and the winners from
// the seed and the applications, and compares them with what was published. Prints the recomputed order and winners
// as JSON; exits 1 when anything differs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/verify-draw.js <results.json | ->');
  process.exit(2);
}
const draw = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
if (!draw.seed) {
  console.error('this draw has not been made yet: its seed is published at the draw');
  process.exit(2);
}

// 1. The seed is the one committed to: its SHA-256 is the hash published before applications closed.
const seedHashOk = sha256(draw.seed) === draw.seedHash;

// 2. The order: each application's key is SHA-256("<seed>:<id>"), ascending.
const keyed = draw.applications.map((a) => ({ ...a, key: sha256(`${draw.seed}:${a.id}`) }));
keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.id - y.id));
const order = keyed.map((a) => a.id);

// 3. The winners: in order, skipping applications excluded (a person who won another draw that day), each party that
//    fits whole in the places left.
let free = draw.places;
const winners = [];
for (const a of keyed) {
  if (free === 0) break;
  if (a.outcome === 'excluded' || a.partySize > free) continue;
  winners.push(a.id);
  free -= a.partySize;
}

const published = [...draw.applications].sort((x, y) => x.rank - y.rank);
const orderOk = published.map((a) => a.id).join() === order.join();
const publishedWinners = published.filter((a) => a.outcome === 'won').map((a) => a.id);
const winnersOk = publishedWinners.join() === winners.join();

console.log(JSON.stringify({ seedHashOk, orderOk, winnersOk, order, winners }, null, 2));
process.exit(seedHashOk && orderOk && winnersOk ? 0 : 1);
