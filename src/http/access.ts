import { type Express, type RequestHandler, Router } from 'express';
import { isLearner, isStaffOf, requireLearner, requireStaffRole } from './guards';
import { type Access, type DeclaredRoute, routeKey, ROUTES } from './route-registry';

/**
 * Whether a route's access rule lets this person use it: what the guards enforce and what the
 * navigation offers. (An admin still without two-factor is admitted, and the guard sends them to set it up first.)
 */
export function admits(access: Access, user: Express.User | undefined): boolean {
  if (access === 'anyone') return true;
  if (access === 'api-key') return false; // a force system's key, never a person signed in
  if (access === 'learner') return isLearner(user);
  return isStaffOf(user, access.staff);
}

function guardFor(access: Access): RequestHandler | undefined {
  if (access === 'anyone' || access === 'api-key') return undefined; // the API checks its key before sessions exist
  if (access === 'learner') return requireLearner;
  return requireStaffRole(access.staff, access.for, { beforeTwoFactor: access.beforeTwoFactor });
}

/**
 * The registry's guard for one declared route, for middleware that must run before accessGuards
 * (the upload parser reads multipart bodies before the CSRF check, and only for whoever may post them).
 */
export function declaredGuard(method: 'GET' | 'POST', path: string, routes: DeclaredRoute[] = ROUTES): RequestHandler {
  const route = routes.find((declared) => declared.method === method && declared.path === path);
  const guard = route && guardFor(route.access);
  if (!guard) throw new Error(`${method} ${path} is not a route the registry guards`);
  return guard;
}

/**
 * The registry's access rules, applied before any route runs: the one place a role is checked. A
 * route still checks whose record it is (a police officer's own force, or 404).
 */
export function accessGuards(routes: DeclaredRoute[] = ROUTES): Router {
  const router = Router();
  for (const route of routes) {
    const guard = guardFor(route.access);
    if (guard) router[route.method === 'GET' ? 'get' : 'post'](route.path, guard);
  }
  return router;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method and path the app answers, found by walking its routers. */
export function mountedRoutes(app: Express): Set<string> {
  const found = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.add(routeKey(method, layer.route.path));
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** Refuses an app with a route the registry does not declare (or a declared route that is gone). */
export function checkRoutesDeclared(app: Express, routes: DeclaredRoute[] = ROUTES): void {
  const declared = new Set(routes.map((route) => routeKey(route.method, route.path)));
  const mounted = mountedRoutes(app);
  const undeclared = [...mounted].filter((key) => !declared.has(key));
  const missing = [...declared].filter((key) => !mounted.has(key));
  if (undeclared.length > 0 || missing.length > 0) {
    throw new Error(
      [
        'The routes the app mounts differ from src/http/route-registry.ts.',
        ...undeclared.map((key) => `  not declared: ${key}`),
        ...missing.map((key) => `  declared but not mounted: ${key}`),
      ].join('\n'),
    );
  }
}
