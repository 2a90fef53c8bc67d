// A national-size edition on MySQL/MariaDB, for measuring reads at scale: thousands of venues, their week of sessions
// and a million confirmed bookings, written by multi-row INSERTs in transactions (not through the booking path), and
// left exactly as the booking path would have left them: sessions.booked = Σ party sizes, one phone counter per phone
// (never above the edition's limit), one person lock per ID hash, unique valid booking codes, keyed ID hashes for
// real-name venues. Deterministic for a given --seed. The schema is the migrations' (the app's Migrator runs first).
//
//   DATABASE_URL=mysql://user:pass@host:3306/db npm run db:seed:scale -- [--venues 5000] [--districts 300] [--days 7]
//     [--slots 4] [--bookings 1000000] [--seed 1] [--force]
//
// Refuses SQLite, production, and a database that already holds an edition (--force drops and recreates it).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { ConfigError, loadConfig, type DatabaseConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { Migrator } from '../src/db/migrator.js';
import { CODE_ALPHABET, CODE_LENGTH } from '../src/modules/bookings/booking-code.js';
import { makeIdNumber } from '../src/modules/bookings/id-number.js';
import { nextEditionYear } from '../seeders/demo.js';
import { DEFAULT_RULES } from '../src/modules/catalogue/edition.js';
import { createLogger } from '../src/shared/logger.js';
import { maskIdNumber } from '../src/shared/masking.js';
import { createPiiHasher } from '../src/shared/pii.js';
import { addDays, localDateOf, startOfLocalDay, zonedInstant } from '../src/shared/time.js';

export interface ScaleOptions {
  venues: number;
  districts: number;
  days: number;
  slots: number;
  bookings: number;
  seed: number;
  force: boolean;
}

const TIMEZONE = 'Asia/Shanghai';
const SLOTS: [string, string][] = [
  ['09:00', '10:30'],
  ['10:30', '12:00'],
  ['14:00', '15:30'],
  ['15:30', '17:00'],
  ['17:00', '18:30'],
  ['18:30', '20:00'],
];
const LIMITS = { venues: [1, 100_000], districts: [1, 10_000], days: [1, 10], slots: [1, SLOTS.length], bookings: [0, 20_000_000], seed: [0, 2 ** 31] };
const ROWS_PER_INSERT = 2000;
const INSERTS_PER_TRANSACTION = 10;

const USAGE =
  'usage: DATABASE_URL=mysql://user:pass@host:3306/db npm run db:seed:scale -- [--venues 5000] [--districts 300] [--days 7] [--slots 4] [--bookings 1000000] [--seed 1] [--force]';

export function parseOptions(argv: string[]): ScaleOptions {
  const spec = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv, options: { ...spec, force: { type: 'boolean' } }, strict: true });
  const defaults = { venues: 5000, districts: 300, days: 7, slots: 4, bookings: 1_000_000, seed: 1 };
  const out = { ...defaults, force: values.force === true };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [keyof typeof defaults, number[]][]) {
    const raw = (values as Record<string, string | boolean | undefined>)[key] as string | undefined;
    if (raw === undefined) continue;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min! || n > max!) throw new Error(`--${key} must be an integer from ${min} to ${max}; got ${raw}`);
    out[key] = n;
  }
  return out;
}

/** A small fast PRNG (mulberry32): the same seed gives the same edition. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const mix = (seed: number, i: number, salt: number) => Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);

// Place names: real prefecture-level cities with their province; districts are made up from them.
const CITIES = (
  '太原 Taiyuan 山西省 Shanxi|大同 Datong 山西省 Shanxi|石家庄 Shijiazhuang 河北省 Hebei|保定 Baoding 河北省 Hebei|呼和浩特 Hohhot 内蒙古自治区 Inner-Mongolia|' +
  '沈阳 Shenyang 辽宁省 Liaoning|大连 Dalian 辽宁省 Liaoning|长春 Changchun 吉林省 Jilin|哈尔滨 Harbin 黑龙江省 Heilongjiang|南京 Nanjing 江苏省 Jiangsu|' +
  '苏州 Suzhou 江苏省 Jiangsu|杭州 Hangzhou 浙江省 Zhejiang|宁波 Ningbo 浙江省 Zhejiang|合肥 Hefei 安徽省 Anhui|福州 Fuzhou 福建省 Fujian|厦门 Xiamen 福建省 Fujian|' +
  '南昌 Nanchang 江西省 Jiangxi|济南 Jinan 山东省 Shandong|青岛 Qingdao 山东省 Shandong|郑州 Zhengzhou 河南省 Henan|洛阳 Luoyang 河南省 Henan|武汉 Wuhan 湖北省 Hubei|' +
  '长沙 Changsha 湖南省 Hunan|广州 Guangzhou 广东省 Guangdong|深圳 Shenzhen 广东省 Guangdong|南宁 Nanning 广西壮族自治区 Guangxi|海口 Haikou 海南省 Hainan|' +
  "成都 Chengdu 四川省 Sichuan|绵阳 Mianyang 四川省 Sichuan|贵阳 Guiyang 贵州省 Guizhou|昆明 Kunming 云南省 Yunnan|拉萨 Lhasa 西藏自治区 Tibet|西安 Xi'an 陕西省 Shaanxi|" +
  '兰州 Lanzhou 甘肃省 Gansu|西宁 Xining 青海省 Qinghai|银川 Yinchuan 宁夏回族自治区 Ningxia|乌鲁木齐 Urumqi 新疆维吾尔自治区 Xinjiang|唐山 Tangshan 河北省 Hebei|' +
  '包头 Baotou 内蒙古自治区 Inner-Mongolia|长治 Changzhi 山西省 Shanxi'
)
  .split('|')
  .map((c) => {
    const [zh, en, provinceZh, provinceEn] = c.split(' ') as [string, string, string, string];
    return { zh, en, provinceZh, provinceEn: provinceEn.replace('-', ' ') };
  });
const DISTRICT_SUFFIXES = ['城区', '新区', '高新区', '经开区', '东区', '西区', '南区', '北区'];
const TOPICS = (
  '煤炭清洁转化 Clean Coal Conversion|量子光学 Quantum Optics|先进材料 Advanced Materials|智能制造 Intelligent Manufacturing|生物医药 Biomedicine|' +
  '作物遗传育种 Crop Genetics and Breeding|新能源汽车 New Energy Vehicles|电力系统 Power Systems|环境科学 Environmental Science|地质与矿产 Geology and Minerals|' +
  '人工智能 Artificial Intelligence|集成电路 Integrated Circuits|海洋科学 Marine Science|航空航天 Aerospace|碳材料 Carbon Materials|水资源 Water Resources|' +
  '生态保护 Ecological Conservation|精准医学 Precision Medicine|公共卫生 Public Health|轨道交通 Rail Transit|储能技术 Energy Storage|光电子 Optoelectronics|' +
  '食品安全 Food Safety|中医药 Traditional Chinese Medicine|机器人 Robotics|网络安全 Cyber Security|气象与气候 Meteorology and Climate|纳米技术 Nanotechnology'
)
  .split('|')
  .map((t) => ({ zh: t.slice(0, t.indexOf(' ')), en: t.slice(t.indexOf(' ') + 1) }));
const LAB_HOSTS: [string, string][] = [
  ['{c}大学', '{c} University'],
  ['{c}理工大学', '{c} University of Technology'],
  ['{c}医科大学', '{c} Medical University'],
  ['{c}农业大学', '{c} Agricultural University'],
  ['中国科学院{c}研究所', 'CAS Institute at {c}'],
  ['{c}工业技术研究院', '{c} Industrial Technology Research Institute'],
];
const BASES: [string, string][] = [
  ['{c}科学技术馆', '{c} Science and Technology Museum'],
  ['{c}自然博物馆', '{c} Natural History Museum'],
  ['{c}植物园', '{c} Botanical Garden'],
  ['{c}天文馆', '{c} Planetarium'],
  ['{c}气象科普馆', '{c} Meteorology Science Centre'],
  ['{c}地震科普馆', '{c} Earthquake Science Centre'],
  ['{c}农业科技园', '{c} Agricultural Science Park'],
  ['{c}青少年科技中心', '{c} Youth Science Centre'],
];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧'];
const GIVEN = ['建国', '丽娟', '志强', '秀英', '晓明', '海燕', '子涵', '雨桐', '浩然', '欣怡', '俊杰', '思远', '一诺', '梓萱', '宇轩', '诗涵'];

export interface District {
  name: string;
  city: (typeof CITIES)[number];
}

export function districts(count: number): District[] {
  return Array.from({ length: count }, (_, d) => {
    const city = CITIES[d % CITIES.length]!;
    const round = Math.floor(d / CITIES.length);
    const suffix = DISTRICT_SUFFIXES[round % DISTRICT_SUFFIXES.length]!;
    const extra = round >= DISTRICT_SUFFIXES.length ? String(Math.floor(round / DISTRICT_SUFFIXES.length) + 1) : '';
    return { name: `${city.zh}市${suffix}${extra}`, city };
  });
}

export interface VenueSpec {
  kind: 'lab' | 'science_base';
  level: 'national' | 'provincial';
  realNames: boolean;
}

/** About as in the Taiyuan data: a little over half labs, about a third national; labs and one base in ten take real names. */
export function venueSpec(seed: number, v: number): VenueSpec {
  const r = rng(mix(seed, v, 1));
  const kind = r() < 0.55 ? 'lab' : 'science_base';
  const level = r() < 0.3 ? 'national' : 'provincial';
  return { kind, level, realNames: kind === 'lab' || r() < 0.1 };
}

/** A session's capacity: labs 10–20, bases 20–40, in fives (as in the demo). */
function capacityOf(seed: number, spec: VenueSpec, s: number): number {
  const r = rng(mix(seed, s, 2))();
  return spec.kind === 'lab' ? 10 + 5 * Math.floor(r * 3) : 20 + 5 * Math.floor(r * 5);
}

/** Party sizes 1–4 (mean ≈ 2.35). */
function partyDraw(u: number): number {
  return u < 0.2 ? 1 : u < 0.6 ? 2 : u < 0.85 ? 3 : 4;
}

export interface BookingPlan {
  capacity: Uint16Array;
  /** Bookings of session s are [first[s], first[s + 1]). */
  first: Uint32Array;
  partySize: Uint8Array;
}

/**
 * Which session gets which parties. Each session has a demand: three in ten are full, the others want 20–95 % of
 * their places, scaled by one factor k, found by bisection, so that the parties filling the demands number exactly `bookings`
 * (a few sessions give back their last party to hit the number). A party never overfills its session.
 */
export function planBookings(seed: number, venueSpecs: VenueSpec[], perVenue: number, bookings: number): BookingPlan {
  const sessions = venueSpecs.length * perVenue;
  const capacity = new Uint16Array(sessions);
  const demand = new Float64Array(sessions);
  for (let s = 0; s < sessions; s++) {
    capacity[s] = capacityOf(seed, venueSpecs[Math.floor(s / perVenue)]!, s);
    const r = rng(mix(seed, s, 3));
    demand[s] = r() < 0.3 ? 1 : 0.2 + 0.75 * r();
  }
  const count = new Uint32Array(sessions);
  const fill = (k: number, sizes?: Uint8Array, first?: Uint32Array): number => {
    let total = 0;
    for (let s = 0; s < sessions; s++) {
      const target = demand[s] === 1 ? capacity[s]! : Math.min(capacity[s]!, Math.round(k * demand[s]! * capacity[s]!));
      const r = rng(mix(seed, s, 4));
      let n = 0;
      for (let people = 0; people < target; n++) {
        const size = Math.min(partyDraw(r()), target - people);
        people += size;
        if (sizes && n < count[s]!) sizes[first![s]! + n] = size;
      }
      if (!sizes) count[s] = n;
      total += n;
    }
    return total;
  };
  const kMax = 1 / 0.2;
  const most = fill(kMax);
  if (most < bookings)
    throw new Error(`--bookings ${bookings} do not fit: these sessions hold about ${most} bookings at most (raise --venues, --days or --slots)`);
  let lo = 0;
  let hi = kMax;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (fill(mid) >= bookings) hi = mid;
    else lo = mid;
  }
  let excess = fill(hi) - bookings;
  // Take back the last party of sessions spread over the edition until the count is exact (a stride prime to the
  // number of sessions visits them all).
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  let stride = Math.max(1, Math.floor(sessions / Math.max(1, excess)));
  while (gcd(stride, sessions) !== 1) stride++;
  for (let s = 0; excess > 0; s = (s + stride) % sessions) {
    if (count[s]! > 0) {
      count[s]!--;
      excess--;
    }
  }
  const first = new Uint32Array(sessions + 1);
  for (let s = 0; s < sessions; s++) first[s + 1] = first[s]! + count[s]!;
  const partySize = new Uint8Array(bookings);
  fill(hi, partySize, first);
  return { capacity, first, partySize };
}

/** The phone of booking b: bookings are dealt to phones in groups holding 1, 2 and 3 bookings, scattered by a bijection. */
export function phoneSlots(bookings: number): { phoneOf: (b: number) => number; phones: number } {
  const n = Math.max(1, bookings);
  let a = 2_654_435_761 % n;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  while (n > 1 && gcd(a, n) !== 1) a++;
  const phoneOf = (b: number) => {
    const slot = (b * a + 12_345) % n; // b · a < 2^53 for any allowed --bookings
    const r = slot % 6;
    return 3 * Math.floor(slot / 6) + (r === 0 ? 0 : r <= 2 ? 1 : 2);
  };
  return { phoneOf, phones: 3 * Math.ceil(n / 6) };
}

export function phoneNumber(p: number): string {
  return `1${3 + (p % 7)}${String(p).padStart(9, '0')}`;
}

const CODE_SPACE = BigInt(CODE_ALPHABET.length) ** BigInt(CODE_LENGTH);

/** Booking code b: multiplying by a number prime to 31, modulo 31^8, is a bijection, so codes are unique and scattered. */
export function bookingCode(b: number): string {
  let n = (BigInt(b) * 506_091_313_921n + 97_577n) % CODE_SPACE;
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[Number(n % 31n)];
    n /= 31n;
  }
  return code;
}

/** The ID number of the u-th real-name visitor: unique, valid check character, born 1955–2009. */
export function scaleIdNumber(u: number): string {
  const region = String(110101 + (u % 700) * 100);
  const born = new Date(Date.UTC(1955, 0, 1) + (Math.floor(u / 700) % 20_000) * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(region, born, Math.floor(u / 14_000_000) % 1000);
}

const utc = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 23);
const str = (s: string | null) => mysql.escape(s);
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const thousands = (n: number) => n.toLocaleString('en-US');

/** Multi-row INSERTs, ROWS_PER_INSERT rows each, INSERTS_PER_TRANSACTION per transaction; the next is built while one runs. */
async function bulkInsert(conn: mysql.Connection, table: string, columns: string[], total: number, row: (i: number) => string): Promise<void> {
  const t0 = performance.now();
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  let running: Promise<unknown> = Promise.resolve();
  let statements = 0;
  let reported = 0;
  await conn.query('START TRANSACTION');
  for (let from = 0; from < total; from += ROWS_PER_INSERT) {
    const to = Math.min(total, from + ROWS_PER_INSERT);
    const values: string[] = [];
    for (let i = from; i < to; i++) values.push(row(i));
    await running;
    running = conn.query(head + values.join(','));
    if (++statements % INSERTS_PER_TRANSACTION === 0) {
      await running;
      running = conn.query('COMMIT').then(() => conn.query('START TRANSACTION'));
    }
    if (to >= reported + total / 10 && to < total) {
      reported = to;
      console.log(`  ${table}: ${thousands(to)} / ${thousands(total)} (${secs(t0)} s)`);
    }
  }
  await running;
  await conn.query('COMMIT');
  console.log(`${table}: ${thousands(total)} rows in ${secs(t0)} s`);
}

/** Creates the database (drops it first with --force); refuses one that already holds an edition. */
async function prepareDatabase(target: DatabaseConfig, force: boolean): Promise<void> {
  const conn = await mysql.createConnection({ host: target.host, port: target.port, user: target.username, password: target.password });
  try {
    const name = `\`${target.database}\``;
    if (force) await conn.query(`DROP DATABASE IF EXISTS ${name}`);
    await conn.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [tables] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'editions'",
      [target.database],
    );
    if (Number(tables[0]!.n) === 0) return;
    const [editions] = await conn.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${name}.editions`);
    if (Number(editions[0]!.n) > 0) {
      throw new Error(`database ${target.database} already holds an edition: run with --force to drop and recreate it (everything in it is lost)`);
    }
  } finally {
    await conn.end();
  }
}

async function maxId(conn: mysql.Connection, table: string): Promise<number> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT COALESCE(MAX(id), 0) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

export async function seedScale(opts: ScaleOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  if (config.database.dialect !== 'mysql') {
    throw new Error(`MySQL/MariaDB only, not SQLite: set DATABASE_URL=mysql://user:pass@host:3306/db (got ${config.database.url})`);
  }
  if (config.env === 'production') throw new Error('seed-scale writes fictitious bookings and refuses to run with NODE_ENV=production');
  const target = config.database;
  const started = performance.now();
  console.log(
    `seed-scale: ${target.host}:${target.port}/${target.database}: ${thousands(opts.venues)} venues in ${opts.districts} districts, ` +
      `${opts.days} days × ${opts.slots} slots, ${thousands(opts.bookings)} bookings (seed ${opts.seed})`,
  );
  await prepareDatabase(target, opts.force);
  const logger = createLogger('warn');
  const db = openDatabase(target, logger);
  try {
    await new Migrator(db, logger).up();
  } finally {
    await db.close();
  }
  console.log(`migrated in ${secs(started)} s`);

  const t0 = performance.now();
  const perVenue = opts.days * opts.slots;
  const specs = Array.from({ length: opts.venues }, (_, v) => venueSpec(opts.seed, v));
  const plan = planBookings(opts.seed, specs, perVenue, opts.bookings);
  const { phoneOf, phones } = phoneSlots(opts.bookings);
  console.log(`planned in ${secs(t0)} s`);

  const conn = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    database: target.database,
  });
  try {
    await writeAll(conn, opts, specs, perVenue, plan, phoneOf, phones, createPiiHasher(config.secrets.piiKey), config.editionYear);
  } finally {
    await conn.end();
  }
  console.log(`done in ${secs(started)} s`);
}

async function writeAll(
  conn: mysql.Connection,
  opts: ScaleOptions,
  specs: VenueSpec[],
  perVenue: number,
  plan: BookingPlan,
  phoneOf: (b: number) => number,
  phones: number,
  pii: ReturnType<typeof createPiiHasher>,
  editionYear: number | undefined,
): Promise<void> {
  const now = new Date();
  const nowSql = str(utc(now));
  const year = editionYear ?? nextEditionYear(now);
  const startDate = `${year}-05-22`;
  const dates = Array.from({ length: opts.days }, (_, d) => addDays(startDate, d));
  // Booking is open, as in the demo: from today (or the usual opening, 14 days ahead, when that is earlier).
  const opensAt = new Date(
    Math.min(startOfLocalDay(localDateOf(now, TIMEZONE), TIMEZONE).getTime(), zonedInstant(`${year}-05-08`, '09:00', TIMEZONE).getTime()),
  );

  const edition = (await maxId(conn, 'editions')) + 1;
  const [v0, s0, b0, bv0] = [await maxId(conn, 'venues'), await maxId(conn, 'sessions'), await maxId(conn, 'bookings'), await maxId(conn, 'booking_visitors')];
  await bulkInsert(
    conn,
    'editions',
    ['id', 'slug', 'name_zh', 'name_en', 'city_zh', 'city_en', 'start_date', 'end_date', 'timezone', 'booking_opens_at', 'rules', 'created_at', 'updated_at'],
    1,
    () =>
      `(${edition}, ${str(`national-${year}`)}, ${str(`${year}年全国科技活动周 · 重点实验室与科普基地开放日`)}, ${str(`National Science & Technology Week ${year}: Open Labs and Science Bases`)}, ` +
      `'全国', 'Nationwide', '${startDate}', '${dates.at(-1)}', '${TIMEZONE}', ${str(utc(opensAt))}, ${str(JSON.stringify(DEFAULT_RULES))}, ${nowSql}, ${nowSql})`,
  );

  const places = districts(opts.districts);
  const venueColumns = [
    'id',
    'code',
    'kind',
    'level',
    'designation_zh',
    'designation_en',
    'name_zh',
    'name_en',
    'host_zh',
    'host_en',
    'district',
    'address_zh',
  ];
  const moreColumns = ['field_zh', 'field_en', 'description_zh', 'description_en', 'min_age', 'real_name_required', 'source', 'created_at', 'updated_at'];
  await bulkInsert(conn, 'venues', [...venueColumns, ...moreColumns], opts.venues, (v) => {
    const spec = specs[v]!;
    const r = rng(mix(opts.seed, v, 5));
    const place = places[v < places.length ? v : Math.floor(r() * places.length)]!;
    const c = place.city;
    const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
    const zh = (s: string) => s.replace('{c}', c.zh);
    const en = (s: string) => s.replace('{c}', c.en);
    let row: string[];
    if (spec.kind === 'lab') {
      const [hostZh, hostEn] = LAB_HOSTS[Math.floor(r() * LAB_HOSTS.length)]!;
      const national = spec.level === 'national';
      row = [
        national ? '全国重点实验室' : `${c.provinceZh}重点实验室`,
        national ? 'National Key Laboratory' : `${c.provinceEn} Provincial Key Laboratory`,
        national ? `${topic.zh}全国重点实验室` : `${c.provinceZh}${topic.zh}重点实验室`,
        national ? `National Key Laboratory of ${topic.en}` : `${c.provinceEn} Key Laboratory of ${topic.en}`,
        zh(hostZh),
        en(hostEn),
      ];
    } else {
      const [nameZh, nameEn] = BASES[Math.floor(r() * BASES.length)]!;
      const national = spec.level === 'national';
      row = [
        national ? '全国科普教育基地（中国科协）' : `${c.provinceZh}科普教育基地`,
        national ? 'National Science Popularisation Base (CAST)' : `${c.provinceEn} Science Popularisation Base`,
        zh(nameZh),
        en(nameEn),
        `${c.zh}市科学技术协会`,
        `${c.en} Association for Science and Technology`,
      ];
    }
    const minAge = spec.kind === 'lab' ? [10, 10, 12, 14][Math.floor(r() * 4)]! : [0, 0, 0, 6][Math.floor(r() * 4)]!;
    return (
      `(${v0 + v + 1}, ${str(`scale-${String(v + 1).padStart(6, '0')}`)}, '${spec.kind}', '${spec.level}', ${row.map(str).join(', ')}, ${str(place.name)}, ` +
      `${str(`${c.provinceZh}${place.name}科技路${1 + Math.floor(r() * 300)}号`)}, ${str(`${topic.zh}研究与科普`)}, ${str(`${topic.en}: research and outreach`)}, ` +
      `${str(`依托单位：${row[4]}。开放内容：${topic.zh}。`)}, ${str(`Hosted by ${row[5]}. On show: ${topic.en}.`)}, ${minAge}, ${spec.realNames ? 1 : 0}, ` +
      `'generated by the scale seeder (fictitious)', ${nowSql}, ${nowSql})`
    );
  });

  const sessions = opts.venues * perVenue;
  const bookedOf = (s: number) => {
    let sum = 0;
    for (let b = plan.first[s]!; b < plan.first[s + 1]!; b++) sum += plan.partySize[b]!;
    return sum;
  };
  const starts = dates.flatMap((date) =>
    SLOTS.slice(0, opts.slots).map(([from, to]) => [date, str(utc(zonedInstant(date, from, TIMEZONE))), str(utc(zonedInstant(date, to, TIMEZONE)))]),
  );
  await bulkInsert(
    conn,
    'sessions',
    ['id', 'edition_id', 'venue_id', 'date', 'starts_at', 'ends_at', 'capacity', 'booked', 'status', 'created_at', 'updated_at'],
    sessions,
    (s) => {
      const [date, startsAt, endsAt] = starts[s % perVenue]!;
      const status = rng(mix(opts.seed, s, 6))() < 0.01 ? 'closed' : 'open'; // a few paused by their venue after booking
      return `(${s0 + s + 1}, ${edition}, ${v0 + Math.floor(s / perVenue) + 1}, '${date}', ${startsAt}, ${endsAt}, ${plan.capacity[s]}, ${bookedOf(s)}, '${status}', ${nowSql}, ${nowSql})`;
    },
  );

  // Every venue with sessions takes part in the edition (edition setup's participation: the venue list shows only these).
  await conn.query(
    `INSERT INTO edition_venues (edition_id, venue_id, created_at) SELECT edition_id, venue_id, MIN(created_at) FROM sessions WHERE edition_id = ${edition} GROUP BY edition_id, venue_id`,
  );

  // Session of each booking, and when it was made (between the opening and now).
  const sessionOf = new Uint32Array(opts.bookings);
  for (let s = 0; s < sessions; s++) sessionOf.fill(s, plan.first[s]!, plan.first[s + 1]!);
  const span = Math.max(1, now.getTime() - opensAt.getTime());
  const madeAt = (b: number) => str(utc(new Date(opensAt.getTime() + Math.floor(rng(mix(opts.seed, b, 7))() * span))));
  const nameOf = (k: number) => `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7 + Math.floor(k / SURNAMES.length)) % GIVEN.length]}`;
  const phoneCount = new Uint8Array(phones);
  await bulkInsert(
    conn,
    'bookings',
    ['id', 'code', 'edition_id', 'session_id', 'venue_id', 'status', 'party_size', 'contact_name', 'contact_phone', 'language', 'created_at', 'updated_at'],
    opts.bookings,
    (b) => {
      const s = sessionOf[b]!;
      const phone = phoneOf(b);
      phoneCount[phone]!++;
      const at = madeAt(b);
      const language = b % 20 === 7 ? 'en' : 'zh';
      return `(${b0 + b + 1}, '${bookingCode(b)}', ${edition}, ${s0 + s + 1}, ${v0 + Math.floor(s / perVenue) + 1}, 'confirmed', ${plan.partySize[b]}, '${nameOf(phone)}', '${phoneNumber(phone)}', '${language}', ${at}, ${at})`;
    },
  );

  // Visitors: one row per person; real-name venues keep the keyed hash and masked form of a unique ID number.
  let people = 0;
  for (const size of plan.partySize) people += size;
  let b = -1;
  let position = 0;
  let idPerson = 0;
  const idHashes: string[] = [];
  await bulkInsert(
    conn,
    'booking_visitors',
    ['id', 'booking_id', 'session_id', 'position', 'name', 'id_hash', 'id_masked', 'active_id_hash', 'created_at'],
    people,
    (i) => {
      if (b < 0 || position === plan.partySize[b]) {
        b++;
        position = 0;
      }
      const s = sessionOf[b]!;
      const realNames = specs[Math.floor(s / perVenue)]!.realNames;
      const id = realNames ? scaleIdNumber(idPerson++) : undefined;
      const idHash = id ? pii.hash(id) : undefined;
      if (idHash) idHashes.push(idHash);
      const hash = idHash ? `'${idHash}'` : 'NULL';
      return `(${bv0 + i + 1}, ${b0 + b + 1}, ${s0 + s + 1}, ${position++}, '${nameOf(i * 7 + 3)}', ${hash}, ${id ? `'${maskIdNumber(id)}'` : 'NULL'}, ${hash}, ${madeAt(b)})`;
    },
  );

  const usedPhones = Array.from(phoneCount.keys()).filter((p) => phoneCount[p]! > 0);
  await bulkInsert(conn, 'phone_counters', ['edition_id', 'phone', 'confirmed_bookings', 'no_shows', 'created_at', 'updated_at'], usedPhones.length, (i) => {
    const p = usedPhones[i]!;
    return `(${edition}, '${phoneNumber(p)}', ${phoneCount[p]}, 0, ${nowSql}, ${nowSql})`;
  });

  // Person locks: the row the booking path takes for each ID hash, written in key order.
  idHashes.sort();
  await bulkInsert(conn, 'person_locks', ['edition_id', 'id_hash'], idHashes.length, (i) => `(${edition}, '${idHashes[i]}')`);

  const counts: string[] = [];
  for (const table of ['editions', 'venues', 'sessions', 'bookings', 'booking_visitors', 'phone_counters', 'person_locks']) {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts.push(`${table} ${thousands(Number(rows[0]!.n))}`);
  }
  console.log(`row counts: ${counts.join(', ')}`);
}

async function main(): Promise<void> {
  let opts: ScaleOptions;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  await seedScale(opts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed-scale: ${err instanceof ConfigError ? `configuration error: ${err.message}` : (err as Error).message}\n`);
    process.exit(1);
  });
}
