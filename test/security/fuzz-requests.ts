import { type Fields, formText, jsonText, MALFORMED_FORMS, MALFORMED_JSON, MEGABYTE_STRING, multipart, nastyParam, nastyValue, PROTO_KEYS, type Rng, spoiled, type WireBody } from './fuzz-inputs';
import type { FixtureName, FixtureValues, FuzzRoute } from './fuzz-routes';

export interface WireRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What was tried, for the report of a failure. */
  strategy: string;
}

export interface RequestContext {
  params: Record<FixtureName, string>;
  values: FixtureValues;
  /** The session's form token: sent in the body where it can be, and always in the header. */
  csrfToken?: string;
}

/** Near-valid comes up most: it gets furthest into a route, where the interesting failures are. */
const STRATEGIES = ['wrong-types', 'missing', 'extra', 'huge', 'proto', 'near-valid', 'near-valid', 'near-valid', 'near-valid', 'malformed', 'content-type'] as const;
type Strategy = (typeof STRATEGIES)[number];

const EXTRA_NAMES = ['isAdmin', 'role', 'force_id', 'forceId', 'id', 'status', 'learner_id', '_method', 'userId', 'completed_at'];

/** The route's fields, broken in the way the strategy says. */
function fieldsFor(rng: Rng, strategy: Strategy, good: Record<string, unknown>): Fields {
  const pairs = Object.entries(good);
  const extras = (count: number): Fields =>
    Array.from({ length: count }, () => [rng.pick([...PROTO_KEYS, ...EXTRA_NAMES]), nastyValue(rng)]);
  switch (strategy) {
    case 'wrong-types':
      return pairs.filter(() => rng.chance(0.85)).map(([name]) => [name, nastyValue(rng)]);
    case 'missing':
      return pairs.filter(() => rng.chance(0.5));
    case 'extra':
      return [...pairs, ...extras(1 + rng.int(4))];
    case 'huge': {
      const [name] = pairs.length > 0 ? rng.pick(pairs) : ['x'];
      return [...pairs.filter(([other]) => other !== name), [name, MEGABYTE_STRING]];
    }
    case 'proto':
      return [...extras(2), ...pairs, ['__proto__', JSON.parse('{"__proto__":{"polluted":true}}')]];
    default: {
      if (pairs.length === 0) return extras(1);
      const broken = rng.int(pairs.length);
      return pairs.map(([name, value], index) => [name, index === broken ? spoiled(rng, value) : value]);
    }
  }
}

const withToken = (fields: Fields, token: string | undefined): Fields => (token ? [['_csrf', token], ...fields] : fields);

/** The fields as the route's own client would send them. */
function nativeBody(rng: Rng, route: FuzzRoute, fields: Fields, token: string | undefined): WireBody {
  if (route.encoding === 'json') return { contentType: 'application/json', body: jsonText(fields) };
  if (route.encoding === 'multipart') return multipart(rng, withToken(fields, token), route.fileField ?? 'file');
  return { contentType: 'application/x-www-form-urlencoded', body: formText(withToken(fields, token)) };
}

/** Input the route cannot read: broken syntax for its own content type. */
function malformedBody(rng: Rng, route: FuzzRoute): WireBody {
  if (route.encoding === 'json') return { contentType: 'application/json', body: rng.pick(MALFORMED_JSON) };
  if (route.encoding === 'multipart' && rng.chance(0.5)) return { contentType: rng.pick(['multipart/form-data', 'multipart/form-data; boundary=']), body: '--x\r\nnot a part\r\n' };
  return { contentType: 'application/x-www-form-urlencoded', body: rng.pick(MALFORMED_FORMS) };
}

/** The right fields in a content type the route does not take, or one no route takes. */
function wrongTypeBody(rng: Rng, route: FuzzRoute, fields: Fields, token: string | undefined): WireBody {
  const choices: (() => WireBody)[] = [
    () => ({ contentType: 'application/json', body: jsonText(withToken(fields, token)) }),
    () => ({ contentType: 'application/x-www-form-urlencoded', body: formText(withToken(fields, token)) }),
    () => multipart(rng, withToken(fields, token), route.fileField ?? 'file'),
    () => ({ contentType: 'text/plain', body: jsonText(fields) }),
    () => ({ contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }),
    () => ({ contentType: `${route.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'}; charset=${rng.pick(['utf-16', 'ibm500', 'latin1', 'nonsense'])}`, body: route.encoding === 'json' ? jsonText(fields) : formText(withToken(fields, token)) }),
    () => ({ contentType: route.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded', headers: { 'Content-Encoding': rng.pick(['gzip', 'deflate', 'br', 'compress', 'x-unknown']) }, body: 'not compressed at all' }),
    () => ({ contentType: 'application/vnd.api+json', body: jsonText(fields) }),
    () => ({ body: Buffer.from(formText(fields)) }),
  ];
  return rng.pick(choices)();
}

/** The path with good ids, except (a third of the time) one that is not what the route expects. */
function fillPath(rng: Rng, route: FuzzRoute, params: RequestContext['params']): string {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const broken = names.length > 0 && rng.chance(0.35) ? rng.pick(names) : undefined;
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const fixture = route.params?.[name];
    return fixture && name !== broken ? encodeURIComponent(params[fixture]) : nastyParam(rng);
  });
}

/** One generated request to the route, as someone allowed to use it would send it. */
export function fuzzRequest(rng: Rng, route: FuzzRoute, context: RequestContext): WireRequest {
  const strategy = rng.pick(STRATEGIES);
  const good = typeof route.fields === 'function' ? route.fields(context.values) : (route.fields ?? {});
  const fields = fieldsFor(rng, strategy, good);
  const headers: Record<string, string> = context.csrfToken ? { 'X-CSRF-Token': context.csrfToken } : {};
  let url = fillPath(rng, route, context.params);

  if (route.encoding === 'query') {
    const query = strategy === 'malformed' ? rng.pick(MALFORMED_FORMS) : formText(fields);
    if (query) url += `?${query}`;
    // Sometimes a body where none belongs: the parsers run for every method.
    if (strategy !== 'content-type') return { method: route.method, url, headers, strategy };
    const wire = wrongTypeBody(rng, route, fields, context.csrfToken);
    return { method: route.method, url, headers: { ...headers, ...wire.headers, ...(wire.contentType ? { 'Content-Type': wire.contentType } : {}) }, body: wire.body, strategy };
  }

  if (route.query) {
    const query: Fields = Object.entries(route.query(context.values)).map(([name, value]) => [name, rng.chance(0.3) ? nastyValue(rng) : value]);
    url += `?${formText(query)}`;
  }
  const wire = strategy === 'malformed' ? malformedBody(rng, route) : strategy === 'content-type' ? wrongTypeBody(rng, route, fields, context.csrfToken) : nativeBody(rng, route, fields, context.csrfToken);
  const contentType: Record<string, string> = wire.contentType ? { 'Content-Type': wire.contentType } : {};
  return { method: route.method, url, headers: { ...headers, ...wire.headers, ...contentType }, body: wire.body, strategy: `${strategy}, ${wire.contentType ?? 'no content type'}` };
}
