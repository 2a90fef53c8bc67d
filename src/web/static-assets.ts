// The web app's files, read once into memory with their type, ETag and gzip form. Lookups are by exact
// name from this index, so no request path can reach a file outside it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Asset {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
}

export interface AssetIndex {
  /** A short hash of every file: asset URLs carry it, so a new build never meets an old cache. */
  build: string;
  get(name: string): Asset | undefined;
  /** Every file's name (the scanner's service worker keeps them for offline use). */
  names(): string[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest', '.txt']);

/** src/web/public under tsx, dist/src/web/public once built (the build copies it there). */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** Files served from node_modules under a name of ours: jsQR's browser build for the scanner's worker. */
function vendorFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return { 'js/vendor/jsQR.js': require.resolve('jsqr') };
}

function walk(dir: string, prefix = ''): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(found, walk(abs, rel));
    else if (entry.isFile() && TYPES[path.extname(entry.name)]) found[rel] = abs;
  }
  return found;
}

const loaded = new Map<string, AssetIndex>();

/** The files of `dir`, read and compressed once per process (every app built in it, tests included, shares them). */
export function loadAssets(dir = PUBLIC_DIR): AssetIndex {
  let index = loaded.get(dir);
  if (!index) {
    index = readAssets(dir);
    loaded.set(dir, index);
  }
  return index;
}

function readAssets(dir: string): AssetIndex {
  const files = { ...walk(dir), ...vendorFiles() };
  const assets = new Map<string, Asset>();
  const whole = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const body = readFileSync(files[name]!);
    const ext = path.extname(name);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const gzip = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
    assets.set(name, { body, gzip, type: TYPES[ext]!, etag });
    whole.update(name).update('\0').update(etag);
  }
  return { build: whole.digest('hex').slice(0, 12), get: (name) => assets.get(name), names: () => [...assets.keys()] };
}
