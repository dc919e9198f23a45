import type { RequestHandler } from 'express';
import { declaredRouteFinder } from './declared-paths';
import { type DeclaredRoute, ROUTES } from './route-registry';

/** Signed-in pages, the API, and addresses that hold a secret: what a shared computer or a proxy must not keep. */
export const isPrivate = (route: DeclaredRoute) => route.access !== 'anyone' || route.secretParams.length > 0;

/**
 * `Cache-Control: no-store` on every answer of a route the registry declares private, set before
 * any route runs so redirects, refusals and error pages carry it too: after signing out on a shared
 * computer, Back must not show the last person's referral, letter (with its live access code) or
 * course. Public pages and static files keep their own caching.
 */
export function noStoreForPrivatePages(routes: readonly DeclaredRoute[] = ROUTES): RequestHandler {
  const routeOf = declaredRouteFinder(routes);
  return (req, res, next) => {
    const route = routeOf(req.method, req.path);
    if (route && isPrivate(route)) res.set('Cache-Control', 'no-store');
    next();
  };
}
