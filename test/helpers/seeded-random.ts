// A small seeded generator (mulberry32), so a fuzz run can be repeated exactly from its seed.

export interface Random {
  /** In [0, 1). */
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  /** A string of 1 to `maxLength` characters drawn from ASCII, CJK, emoji, combining marks, bidi and other odd code points. */
  text(maxLength: number): string;
}

const ODD = [
  '\u0301',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ufffd',
  '\u00a0',
  '\u3000',
  '\u0130',
  '\u00df',
  '\u{1f600}',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}',
];
const SNIPPETS = ["' OR '1'='1", '"; DROP TABLE bookings; --', '../../etc/passwd', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '%s%n%x', '\\', '`'];

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const text = (maxLength: number) => {
    const target = 1 + int(maxLength);
    let out = '';
    while (out.length < target) {
      const kind = int(5);
      if (kind === 0) out += String.fromCharCode(0x20 + int(0x5f));
      else if (kind === 1) out += String.fromCharCode(0x4e00 + int(0x5000));
      else if (kind === 2) out += pick(ODD);
      else if (kind === 3) out += pick(SNIPPETS);
      else out += String.fromCodePoint(0xa0 + int(0x2f00));
    }
    return out;
  };
  return { next, int, pick, text };
}
