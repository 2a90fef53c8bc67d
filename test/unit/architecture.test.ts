// The shape the code keeps (docs/architecture.md): imports run down, one owner for places, one way to SQL, small files.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root.js';

const SRC = path.join(projectRoot, 'src');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, ext) : ext.test(name) ? [full] : [];
  });
}

const rel = (f: string) => path.relative(projectRoot, f);
const sources = files(SRC, /\.ts$/).map((f) => ({ file: rel(f), text: readFileSync(f, 'utf8') }));

/** The project files a source file imports (relative imports, resolved). */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)';/gms)].map((m) => rel(path.resolve(path.dirname(path.join(projectRoot, file)), m[1]!)));
}

describe('code shape', () => {
  it('when src/db or src/shared import, then never from a feature module', () => {
    const upward = sources
      .filter((s) => s.file.startsWith('src/db/') || s.file.startsWith('src/shared/'))
      .flatMap((s) =>
        importsOf(s.file, s.text)
          .filter((to) => to.startsWith('src/modules/'))
          .map((to) => `${s.file} -> ${to}`),
      );
    expect(upward).to.deep.equal([]);
  });

  it('when a module reaches the database, then only through the executor: no Sequelize outside src/db', () => {
    const offenders = sources.filter((s) => !s.file.startsWith('src/db/') && /\bsequelize\b/i.test(s.text.replace(/^\s*\/\/.*$/gm, ''))).map((s) => s.file);
    expect(offenders).to.deep.equal([]);
  });

  it('when places are counted, then only the places ledger writes them', () => {
    const writers = sources
      .filter((s) => !s.file.startsWith('src/modules/places/') && !s.file.startsWith('src/db/migrations/'))
      .filter((s) =>
        /\bbooked\s*=\s*booked\b|SET\s+booked\b|confirmed_bookings\s*=|no_shows\s*=\s*no_shows|active_id_hash\s*=|INTO\s+(checkins|admissions|door_conflicts|person_locks|place_holds|phone_counters)\b|UPDATE\s+(bookings|checkins|admissions|place_holds|phone_counters)\b/i.test(
          s.text,
        ),
      )
      .map((s) => s.file);
    expect(writers).to.deep.equal([]);
  });

  it('when a source file grows, then it stays under 300 lines (migrations and the browser message table aside)', () => {
    const long = files(SRC, /\.(ts|js)$/)
      .map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => !f.file.startsWith('src/db/migrations/') && !/^src\/web\/public\/js\/lib\/messages(-[a-z]+)?\.js$/.test(f.file) && f.lines > 300)
      .map((f) => `${f.file}: ${f.lines}`);
    expect(long).to.deep.equal([]);
  });
});
