import { randomBytes } from 'node:crypto';

/** mulberry32: a tiny seeded generator, so a failing run replays exactly from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const MEGABYTE = 1024 * 1024;
/** A megabyte of text with multi-byte characters in it, as a pasted essay might be. */
export const MEGABYTE_STRING = `${'é'.repeat(1000)}${'x'.repeat(MEGABYTE - 1000)}`;

/** Strings that have broken web applications: types in disguise, injection, encodings, paths, dates. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t\r\n', '0', '-1', '1.5', '1e309', 'NaN', 'Infinity', 'true', 'null', 'undefined', '[]', '{}',
  "' OR 1=1 --", "'; drop table referrals; --", '" OR ""="', '1); select pg_sleep(0); --', '\\', '%', '_', '$1',
  '<%= 7*7 %>', '<%- global.process.exit() %>', '{{7*7}}', '${7*7}', '#{7*7}', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)', '//evil.example/', '/\\evil.example', 'https://evil.example/', '=HYPERLINK("https://evil.example")',
  'a\u0000b', '\u0000', '%00', '\u202Eevil', '\u200B\uFEFF', 'Zoë Ñandú-Øre', '名前', 'مرحبا', '👩‍👩‍👧‍👦', '\uD800', '\uFFFF',
  '../../../etc/passwd', '..%2f..%2fetc%2fpasswd', 'C:\\Windows\\win.ini', 'con.md', '.md', '01-intro.md/../x',
  'name@example.com', 'a@b', '@', 'x@y.example\r\nBcc: everyone@example.com',
  '2026-02-30', '0000-00-00', '9999-12-31', '1900-01-01', '31/12/1999', '2026-13-01', '99999-01-01', '2026-01-01T00:00:00Z',
  'ABCD-2345', '123456', '9'.repeat(40), '2147483648', Buffer.from('99999999999').toString('base64url'), Buffer.from('-5').toString('base64url'), 'x'.repeat(5000), 'y'.repeat(120_000),
  'community-resolution', 'community_resolution', 'alcohol-awareness', 'positive', 'agree', 'yes', 'no', 'other', 'up', 'preview', 'police', 'admin', 'draft',
];

const NUMBERS: readonly number[] = [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2147483648, 123456789012];

/** Objects whose keys try to reach a prototype: made with JSON.parse so `__proto__` is an own key. */
const PROTO_OBJECTS: readonly string[] = [
  '{"__proto__":{"isAdmin":true,"role":"admin"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"toString":"x"},"hasOwnProperty":"x"}',
  '{"a":{"b":{"c":{"d":{"e":[[[[["deep"]]]]]}}}}}',
];

export const PROTO_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', 'hasOwnProperty', 'toString'];

/** Short pieces that break things when they arrive inside an otherwise good value. */
export const FRAGMENTS: readonly string[] = ['\u0000', '\uD800', "'", '"', '\\', '%', '<%=', '{{', '${', '<script>', '\r\n', '\u202E', '👩‍👩‍👧', '名', ' OR 1=1 --', '/../'];

export function nastyString(rng: Rng): string {
  return rng.chance(0.04) ? MEGABYTE_STRING : rng.pick(NASTY_STRINGS);
}

/** A good value with something wrong in it, or in its place: what gets past the first checks. */
export function spoiled(rng: Rng, good: unknown): unknown {
  const text = typeof good === 'string' ? good : Array.isArray(good) && typeof good[0] === 'string' ? good[0] : undefined;
  if (text === undefined || rng.chance(0.4)) return rng.chance(0.6) ? nastyString(rng) : nastyValue(rng);
  const fragment = rng.pick(FRAGMENTS);
  const at = rng.int(text.length + 1);
  return `${text.slice(0, at)}${fragment}${text.slice(at)}`;
}

/** Any JSON value, most often the wrong type for where it goes. */
export function nastyValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 1 ? 6 : 9)) {
    case 0:
    case 1:
    case 2:
      return nastyString(rng);
    case 3:
      return rng.pick(NUMBERS);
    case 4:
      return rng.pick([true, false, null]);
    case 5:
      return JSON.parse(rng.pick(PROTO_OBJECTS));
    case 6:
      return Array.from({ length: rng.int(4) }, () => nastyValue(rng, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: 1 + rng.int(3) }, () => [rng.pick([...PROTO_KEYS, 'a', 'value']), nastyValue(rng, depth + 1)]));
    default:
      return [nastyString(rng), nastyString(rng)];
  }
}

/** A path parameter that is not what the route expects, already safe to put in a URL (or deliberately malformed). */
export function nastyParam(rng: Rng): string {
  return rng.pick([
    'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff', '99999999999999999999', '9007199254740993',
    '-1', '0', '1e309', 'NaN', '1.5', '0x10', '2147483648', '4294967296', '1e21', '%20', '..%2f..%2fetc%2fpasswd', '%2e%2e', '..', '%00', '%E0%A4%A', '%', 'x'.repeat(3000),
    encodeURIComponent("' OR 1=1 --"), encodeURIComponent('<%= 7*7 %>'), encodeURIComponent('{{7*7}}'), encodeURIComponent('${7*7}'),
    encodeURIComponent('名前👩‍👩‍👧'), encodeURIComponent('a\u0000b'), 'draft', 'CON', 'x.md', '..%5c..%5cwin.ini',
  ]);
}

/** Name and value pairs, in order: a form may repeat a name, and JSON text may repeat a key. */
export type Fields = [string, unknown][];

export interface WireBody {
  contentType?: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}

const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded: send its replacement bytes, as a browser would.
    return encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
  }
};

/** application/x-www-form-urlencoded, with arrays as repeated names and objects as name[key]. */
export function formText(fields: Fields): string {
  const parts: string[] = [];
  const add = (name: string, value: unknown): void => {
    if (value === null || value === undefined) parts.push(encode(name));
    else if (Array.isArray(value)) value.forEach((item) => add(name, item));
    else if (typeof value === 'object') for (const [key, inner] of Object.entries(value)) add(`${name}[${key}]`, inner);
    else parts.push(`${encode(name)}=${encode(String(value))}`);
  };
  for (const [name, value] of fields) add(name, value);
  return parts.join('&');
}

/** JSON text written pair by pair, so repeated and `__proto__` keys reach the server as sent. */
export function jsonText(fields: Fields): string {
  return `{${fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

/** multipart/form-data with the fields and, sometimes, a file that is not what it claims to be. */
export function multipart(rng: Rng, fields: Fields, fileField: string): WireBody {
  const boundary = `----fuzz${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  for (const [name, value] of fields) {
    for (const item of Array.isArray(value) ? value : [value]) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${text(item)}\r\n`));
    }
  }
  if (rng.chance(0.7)) {
    const fileName = rng.pick(['../../evil.png', 'a.svg', 'x.png.html', 'course.tar.gz', '名前.mp3', '.htaccess', 'a"b.png', '']);
    const type = rng.pick(['image/png', 'image/svg+xml', 'text/html', 'application/gzip', 'application/octet-stream']);
    const content = rng.pick([randomBytes(64), Buffer.from('<svg onload="alert(1)"/>'), Buffer.from('\x89PNG\r\n\x1a\n<script>alert(1)</script>'), Buffer.alloc(0)]);
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${rng.chance(0.8) ? fileField : 'other'}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from('\r\n'));
  }
  // Sometimes the closing boundary is missing, or a different boundary is announced.
  if (!rng.chance(0.15)) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const announced = rng.chance(0.1) ? 'not-the-boundary' : boundary;
  return { contentType: `multipart/form-data; boundary=${announced}`, body: Buffer.concat(chunks) };
}

export const MALFORMED_JSON: readonly string[] = [
  '{"reason": ', '{reason: 1}', "{'reason': 'x'}", '[', ']', '{"a":1}}', '{"a":1} trailing', 'null', '"just a string"', '123', 'true', '[]',
  '{"a":"\\ud800"}', '{"a":"\u0000"}', '{"a":1,"a":2}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\uFEFF{"a":1}', '', ' ', 'NaN', '{"a":01}',
];

export const MALFORMED_FORMS: readonly string[] = ['%E0%A4%A=%', '&&&=&=', 'a=%zz&b=%', '=x', `${'a'.repeat(300)}=1&`.repeat(250), '\u0000=\u0000', 'a[=1&b]=2'];
