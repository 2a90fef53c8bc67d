// Valid resident ID numbers (GB 11643-1999) for request bodies, computed here so tests depend only on the HTTP contract.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The n-th valid ID number of an adult born in Taiyuan (distinct for n below 365,000). */
export function validIdNumber(n: number): string {
  const born = new Date(Date.UTC(1970, 0, 1) + (n % 365) * 86_400_000 * 30); // spread over 1970–2000
  const date = born.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `140105${date}${String(Math.floor(n / 365) % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return first17 + CHECK_CHARS[sum % 11]!;
}
