import { type Access, ROUTES } from '../../src/http/route-registry';
import { formText, nastyParam, NASTY_STRINGS, type Rng } from './fuzz-inputs';
import { type Actor, FUZZ_ROUTES, type FixtureName, type FixtureValues } from './fuzz-routes';

/**
 * Every GET route of the route registry, for the page fuzz: who may send to it (from its access
 * rule), and which fixture fills each `:param` (from the param's name and the path). A GET route
 * added to the registry is fuzzed the next run, or fuzz-pages.test.ts fails saying what it needs.
 */

/** The signed-in staff the fixtures can make, by role. */
const STAFF_ACTORS: readonly Actor[] = ['police', 'caseworker', 'admin', 'author'];

/** Routes of the registry that only do something for one kind of visitor: that visitor is sent too. */
const ALSO_SENT_AS: Record<string, Actor> = { 'GET /learn/create-password': 'newLearner' };

/** A value for a `:param`: written out, or a fixture's. */
type ParamValue = string | { fixture: FixtureName };

export interface PageRoute {
  path: string;
  /** Everyone the registry lets through; each request goes as one of them. */
  actors: Actor[];
  /** A good value for each `:param`, and others that look right but are someone else's or nobody's. */
  params: Record<string, { good: ParamValue; others: ParamValue[] }>;
  /** The query fields the route reads, with good values, where a form of the fuzz knows them. */
  fields: (values: FixtureValues) => Record<string, unknown>;
  /** Its share of the run: pages that read ids or a query get three times a fixed page's. */
  weight: number;
}

/** Who, of the identities the fixtures can make, the access rule lets through. */
export function actorsFor(access: Access): Actor[] {
  if (access === 'anyone') return ['anonymous'];
  if (access === 'learner') return ['learner'];
  if (access === 'api-key') return ['api'];
  return STAFF_ACTORS.filter((actor) => (access.staff as readonly string[]).includes(actor));
}

type ParamRule = PageRoute['params'][string];

/** Which fixture fills a `:param`, by its name and where it is; undefined when none does. */
function paramRule(path: string, name: string): ParamRule | undefined {
  const learning = path.startsWith('/learn/');
  switch (name) {
    case 'id':
      if (path.startsWith('/referrals/') || path.startsWith('/api/v1/referrals/')) {
        return { good: { fixture: 'referral' }, others: [{ fixture: 'otherForceReferral' }, { fixture: 'withdrawReferral' }, 'A'.repeat(12)] };
      }
      if (path.startsWith('/admin/users/')) return { good: { fixture: 'user' }, others: ['1', '2147483647'] };
      if (path.startsWith('/admin/forces/')) return { good: { fixture: 'force' }, others: [{ fixture: 'homeForce' }, '2147483647'] };
      if (path.startsWith('/admin/deliveries/')) return { good: { fixture: 'delivery' }, others: ['2147483647'] };
      return undefined;
    case 'courseId':
      // The learner is enrolled on two courses; hate-crime is someone else's (or nobody's) course.
      if (learning) return { good: { fixture: path.endsWith('/steps/:step') || path.endsWith('/start') ? 'stepCourse' : 'attitudeCourse' }, others: [{ fixture: 'stepCourse' }, { fixture: 'attitudeCourse' }, 'hate-crime', 'no-such-course'] };
      return { good: { fixture: 'draftCourse' }, others: [{ fixture: 'discardCourse' }, 'alcohol-awareness', 'no-such-course'] };
    case 'step':
      // Step 1 is always open to the learner (who has started the course); later ones only once the earlier are done.
      return { good: '1', others: [{ fixture: 'step' }, '2', '9999', '10000'] };
    case 'file':
      return { good: { fixture: 'firstModule' }, others: [{ fixture: 'lastModule' }, 'course.yaml', '99-missing.md'] };
    case 'version':
      return { good: { fixture: 'version' }, others: ['2', '999999', 'draft', '0'] };
    case 'name':
      return { good: { fixture: 'mediaName' }, others: [`${'0'.repeat(64)}.png`, 'x.png'] };
    case 'token':
      return { good: { fixture: 'passwordToken' }, others: ['A'.repeat(43), 'a'.repeat(43)] };
    case 'requestId':
      return { good: { fixture: 'contactRequest' }, others: ['2147483647'] };
    case 'checkId':
      return { good: { fixture: 'reoffendingCheck' }, others: ['2147483647'] };
    case 'keyId':
      return { good: { fixture: 'apiKey' }, others: ['2147483647'] };
    default:
      return undefined;
  }
}

/** The GET routes of the registry, ready to fuzz, and a sentence for each one that cannot be. */
export function pageRoutes(): { routes: PageRoute[]; problems: string[] } {
  const routes: PageRoute[] = [];
  const problems: string[] = [];
  for (const declared of ROUTES.filter((route) => route.method === 'GET')) {
    const key = `GET ${declared.path}`;
    const actors = actorsFor(declared.access);
    if (actors.length === 0) {
      problems.push(`${key}: no identity the fuzz can sign in as may reach it (access ${JSON.stringify(declared.access)}); add one to fuzz-fixtures.ts and actorsFor in fuzz-pages.ts`);
      continue;
    }
    const extra = ALSO_SENT_AS[key];
    const params: PageRoute['params'] = {};
    for (const [, name] of declared.path.matchAll(/:(\w+)/g)) {
      const rule = paramRule(declared.path, name!);
      if (rule) params[name!] = rule;
      else problems.push(`${key}: no fixture fills :${name}; add one to paramRule in fuzz-pages.ts`);
    }
    // The good query of the route, where the form fuzz already knows it.
    const known = FUZZ_ROUTES.find((route) => route.method === 'GET' && route.path === declared.path)?.fields;
    const fields = typeof known === 'function' ? known : () => (known ?? {});
    const weight = Object.keys(params).length > 0 || known !== undefined ? 3 : 1;
    routes.push({ path: declared.path, actors: extra ? [...actors, extra] : actors, params, fields, weight });
  }
  return { routes, problems };
}

/** Every query name some page reads (grep req.query in src): each page is sent the others' too. */
const QUERY_NAMES: readonly string[] = [
  'done', 'status', 'force', 'dueBefore', 'q', 'due', 'support', 'reset', 'new', 'answered', 'sent', 'from', 'to', 'file',
  'cursor', 'updatedSince', 'table', 'redelivered', 'period', 'month', 'quarter', 'action', 'subject', 'before', 'userId',
  'page', 'limit', 'sort', 'order', 'id',
];
const UNKNOWN_NAMES: readonly string[] = ['zzz', 'isAdmin', 'role', 'forceId', 'force_id', '_method', 'callback', 'format', 'debug', 'redirect', 'returnTo', 'a.b', 'a b', '名前', ''];
const DATES: readonly string[] = [
  '2026-02-30', '2026-02-29', '2025-02-29', '2026-13-01', '2026-00-10', '0000-00-00', '99999-01-01', '275760-09-14', '-2026-01-01', '2026-1-1', '2026-03', '2026-13',
  '2026-Q5', '2026-Q0', '1e10', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00+99:00', '2026-01-01T00:00:00Z', 'today', '2026-03-31/2026-01-01', ' 2026-01-01', '2026-01-01 ',
];
/** Well-formed dates at the ends of the calendar: year 0 and the day after 9999-12-31 are ones the database refuses. */
const CALENDAR_EDGES: readonly string[] = ['0000-01-01', '0000-12-31', '0001-01-01', '1899-12-31', '9999-12-31', '9999-01-01', '0000-01', '9999-12', '0000-Q1', '9999-Q4', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z'];
/** From and to together: the edges of the calendar, backwards, too long, the same day. */
const DATE_RANGES: readonly [string, string][] = [
  ['0000-01-01', '0000-12-31'], ['0001-01-01', '0001-12-31'], ['9990-01-01', '9999-12-31'], ['9999-12-31', '9999-12-31'], ['2026-12-31', '2026-01-01'],
  ['1990-01-01', '2026-12-31'], ['2026-02-28', '2026-02-30'], ['2026-11-22', '2026-11-22'], ['1899-12-31', '1900-01-01'],
];
const NUMBERS: readonly string[] = ['-1', '-100', '0', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '0x10', '2147483648', '9223372036854775808', '99999999999999999999', ' 7', '7 ', '+7', Buffer.from('-5').toString('base64url'), Buffer.from('99999999999999999999').toString('base64url'), Buffer.from('1e3').toString('base64url'), 'MQ==', '!!'];
const METACHARACTERS: readonly string[] = [
  "' OR 1=1 --", "'; drop table referrals; --", '1) or (1=1', '%', '_', '\\', '\\%', "O'Brien", '$1', '?', ':name', '*',
  '<%= 7*7 %>', '<%- global.process.exit() %>', '{{7*7}}', '${7*7}', '#{7*7}', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '//evil.example/',
];
/** Query text that is not percent-encoded properly, sent as it is. */
const BAD_ESCAPES: readonly string[] = ['%E0%A4%A', '%', '%%', '%zz', '%u0041', '%C0%AF', '%FF%FE', '%ED%A0%80', '%F4%90%80%80', '%00', 'a%00b'];

const STRATEGIES = ['plain', 'near-valid', 'near-valid', 'unknown-keys', 'repeated', 'nested', 'proto', 'huge', 'nul', 'bad-escape', 'dates', 'numbers', 'metacharacters', 'many'] as const;
export type PageStrategy = (typeof STRATEGIES)[number];

const TEN_KB = 10 * 1024;
const hugeValue = (rng: Rng) => rng.pick(['x'.repeat(TEN_KB), '9'.repeat(TEN_KB), `${'é'.repeat(600)}${'x'.repeat(TEN_KB - 1200)}`, '%'.repeat(3000)]);

/** A name to put bad values under: mostly ones the route reads. */
function nameFor(rng: Rng, good: string[]): string {
  return good.length > 0 && rng.chance(0.7) ? rng.pick(good) : rng.pick(QUERY_NAMES);
}

const pair = (name: string, value: string) => formText([[name, value]]);

/** One generated piece of a query: the name it sets (so the good value of that name is left out) and its raw text. */
type Piece = [name: string, text: string];

/** A generated query string (without the `?`) for a page whose good fields are given. */
export function pageQuery(rng: Rng, goodFields: Record<string, unknown>, chosen?: PageStrategy): { query: string; strategy: PageStrategy } {
  const good = Object.entries(goodFields);
  const names = good.map(([name]) => name);
  // A page that reads dates gets bad dates more often: they get past the first checks and into SQL.
  const readsDates = good.some(([, value]) => typeof value === 'string' && /^\d{4}-/.test(value));
  const strategy = chosen ?? rng.pick(readsDates ? [...STRATEGIES, 'dates', 'dates', 'dates'] : STRATEGIES);
  const some = <T>(count: number, make: () => T) => Array.from({ length: count }, make);
  const set = (name: string, value: string): Piece => [name, pair(name, value)];
  /** The pieces, most often after the route's good fields (but not the good value of a name a piece sets: that would make an array). */
  const withGood = (pieces: Piece[], keepRepeats = false) => {
    const taken = new Set(keepRepeats ? [] : pieces.map(([name]) => name));
    const kept = rng.chance(0.7) ? formText(good.filter(([name]) => !taken.has(name))) : '';
    return { query: [kept, ...pieces.map(([, text]) => text)].filter(Boolean).join('&'), strategy };
  };
  switch (strategy) {
    case 'plain':
      return { query: rng.chance(0.5) ? formText(good) : '', strategy };
    case 'near-valid': {
      if (good.length === 0) return withGood([set(rng.pick(QUERY_NAMES), rng.pick(NASTY_STRINGS.filter((value) => value.length < TEN_KB)))]);
      // Every good field but one, as a person who mistyped one box would send.
      const [name] = rng.pick(good);
      const others = formText(good.filter(([other]) => other !== name));
      return { query: [others, pair(name, rng.pick([...DATES, ...CALENDAR_EDGES, ...NUMBERS, ...METACHARACTERS, '', ' ']))].filter(Boolean).join('&'), strategy };
    }
    case 'unknown-keys':
      return withGood(some(1 + rng.int(4), () => set(rng.pick(UNKNOWN_NAMES), rng.pick(['1', 'true', 'x', '']))));
    case 'repeated': {
      const name = nameFor(rng, names);
      const value = String(goodFields[name] ?? '1');
      return withGood(some(2 + rng.int(3), () => set(name, rng.pick([value, '1', '2', '']))), rng.chance(0.5));
    }
    case 'nested': {
      const name = nameFor(rng, names);
      const shape = rng.pick([`${name}[b]=1`, `${name}[]=1&${name}[]=2`, `${name}[0]=x`, `${name}[a][b][c]=1`, `${name}[=1`, `${name}]=1`, `${name}[length]=9999999`]);
      return withGood([[name, shape]], rng.chance(0.5));
    }
    case 'proto': {
      const keys = ['__proto__[x]=1', '__proto__[polluted]=1', '__proto__=1', 'constructor[prototype][polluted]=1', 'constructor=x', 'prototype=x', 'toString=1', 'hasOwnProperty=1', 'valueOf=x', '__defineGetter__=x'];
      return withGood(some(1 + rng.int(3), (): Piece => ['', rng.pick(keys)]));
    }
    case 'huge': {
      const name = nameFor(rng, names);
      return withGood([set(name, hugeValue(rng))]);
    }
    case 'nul': {
      const name = nameFor(rng, names);
      const value = encodeURIComponent(String(goodFields[name] ?? '1'));
      return withGood([[name, rng.pick([`${name}=%00`, `${name}=a%00b`, `${name}=${value}%00`, `${name}%00=${value}`, '%00=%00'])]]);
    }
    case 'bad-escape': {
      const name = nameFor(rng, names);
      const bad = rng.pick(BAD_ESCAPES);
      return withGood([[name, rng.pick([`${name}=${bad}`, `${bad}=1`, bad, `${name}=ok${bad}ok`])]]);
    }
    case 'dates': {
      if (rng.chance(0.4)) {
        const [from, to] = rng.pick(DATE_RANGES);
        return withGood([set('from', from), set('to', to)]);
      }
      const dateNames = names.filter((name) => typeof goodFields[name] === 'string' && /^\d{4}-/.test(goodFields[name] as string));
      const pool = dateNames.length > 0 ? dateNames : ['from', 'to', 'dueBefore', 'updatedSince', 'month', 'quarter'];
      return withGood(some(1 + rng.int(2), () => set(rng.pick(pool), rng.pick(rng.chance(0.5) ? CALENDAR_EDGES : DATES))));
    }
    case 'numbers':
      return withGood(some(1 + rng.int(2), () => set(rng.pick(['page', 'before', 'cursor', 'due', 'force', 'limit', 'from', 'to', ...names]), rng.pick(NUMBERS))));
    case 'metacharacters':
      return withGood(some(1 + rng.int(2), () => set(nameFor(rng, names), rng.pick(METACHARACTERS))));
    case 'many':
      return withGood(some(300 + rng.int(900), (): Piece => ['', `${rng.pick(QUERY_NAMES)}=${rng.int(10)}`]));
  }
}

/** The path with good ids, or (two times in five) one id someone else's, nobody's or broken. */
export function pagePath(rng: Rng, route: PageRoute, params: Record<FixtureName, string>): { path: string; brokenParam?: string } {
  const names = Object.keys(route.params);
  const broken = names.length > 0 && rng.chance(0.4) ? rng.pick(names) : undefined;
  let described: string | undefined;
  const path = route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const rule = route.params[name]!;
    const valueOf = (value: ParamValue) => encodeURIComponent(typeof value === 'string' ? value : params[value.fixture]);
    if (name !== broken) return valueOf(rule.good);
    if (rng.chance(0.35)) {
      described = `:${name} someone else's`;
      return valueOf(rng.pick(rule.others));
    }
    described = `:${name} broken`;
    return nastyParam(rng);
  });
  return { path, brokenParam: described };
}
