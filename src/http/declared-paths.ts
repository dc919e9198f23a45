import type { DeclaredRoute } from './route-registry';

/**
 * The registry's paths as patterns over a request's raw path, for middleware that runs before
 * Express has matched a route (the request log captures the path first; the cache rule is set
 * before any route runs). They match as Express does: in any case, with or without a trailing
 * slash, a `:param` being one segment of at least one character.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const segmentsOf = (path: string) => path.split('/').slice(1);

/** Every segment captured, so a match can be put back together with some segments replaced. */
function patternOf(path: string, end: boolean): RegExp {
  const segments = segmentsOf(path).map((segment) => `/(${segment.startsWith(':') ? '[^/]+' : escape(segment)})`);
  return new RegExp(`^${segments.join('')}${end ? '/?$' : ''}`, 'i');
}

/** The key a path is filed under: its first segment, so a request is compared with a few routes, not all. */
const firstSegment = (path: string) => (segmentsOf(path)[0] ?? '').toLowerCase();

/** Finds the declared route a request will reach, by method and raw path (HEAD is answered as GET). */
export function declaredRouteFinder(routes: readonly DeclaredRoute[]): (method: string, path: string) => DeclaredRoute | undefined {
  const filed = new Map<string, { route: DeclaredRoute; pattern: RegExp }[]>();
  for (const route of routes) {
    const key = firstSegment(route.path);
    filed.set(key, [...(filed.get(key) ?? []), { route, pattern: patternOf(route.path, true) }]);
  }
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    return filed.get(firstSegment(path))?.find(({ route, pattern }) => route.method === wanted && pattern.test(path))?.route;
  };
}

/**
 * Replaces each secret segment of a path (a declared route's secret parameter) with [redacted].
 * It compares the start of the path only, so a secret is hidden even when more follows it.
 */
export function secretSegmentRedactor(routes: readonly DeclaredRoute[]): (path: string) => string {
  const byPath = new Map<string, { pattern: RegExp; secret: Set<number> }>();
  for (const route of routes) {
    if (route.secretParams.length === 0 || byPath.has(route.path)) continue;
    const secret = new Set(segmentsOf(route.path).flatMap((segment, index) => (route.secretParams.includes(segment.slice(1)) && segment.startsWith(':') ? [index] : [])));
    byPath.set(route.path, { pattern: patternOf(route.path, false), secret });
  }
  const patterns = [...byPath.values()];
  return (path) => {
    for (const { pattern, secret } of patterns) {
      const match = pattern.exec(path);
      if (!match) continue;
      const segments = match.slice(1).map((segment, index) => (secret.has(index) ? '[redacted]' : segment));
      return `/${segments.join('/')}${path.slice(match[0].length)}`;
    }
    return path;
  };
}
