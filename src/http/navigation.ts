import type { RequestHandler } from 'express';
import { admits } from './access';
import { type Access, type DeclaredRoute, routeKey, ROUTES } from './route-registry';

export interface NavigationLink {
  path: string;
  label: string;
  /** Words before the link, for a link offered in a sentence ("Get help now"). */
  lead?: string;
}

/** The links one person is offered: the staff menu in the header, and links under "Get help now". */
export interface Navigation {
  menu: NavigationLink[];
  help: NavigationLink[];
}

/**
 * Every link the pages offer, in the order shown. Who sees one is not written here: a link is
 * offered to whoever the route registry lets open its page (GET), so the menu cannot disagree with it.
 */
const LINKS: readonly (NavigationLink & { place: keyof Navigation })[] = [
  { place: 'menu', path: '/referrals', label: 'Referrals' },
  { place: 'menu', path: '/referrals/new', label: 'Refer someone' },
  { place: 'menu', path: '/reports', label: 'Reports' },
  { place: 'menu', path: '/casework/contact-requests', label: 'Contact requests' },
  { place: 'menu', path: '/admin/deliveries', label: 'Deliveries' },
  { place: 'menu', path: '/admin/forces', label: 'Forces' },
  { place: 'menu', path: '/admin/users', label: 'Users' },
  { place: 'menu', path: '/admin/audit', label: 'Audit trail' },
  { place: 'menu', path: '/authoring', label: 'Authoring' },
  { place: 'menu', path: '/account', label: 'Your account' },
  { place: 'help', path: '/learn/contact', label: 'Ask someone from Pathways to contact you', lead: 'Stuck with your course or worried about your deadline?' },
];

/** What the registry's rules read of a person (see admits): the same answer for everyone alike. */
const kindOf = (user: Express.User | undefined) => {
  if (!user) return 'nobody';
  const { kind, role, needsPassword } = user as { kind: string; role?: string; needsPassword?: boolean };
  return `${kind}:${role ?? ''}:${needsPassword ? 'new' : ''}`;
};

/**
 * The navigation for a person, from the registry's access rules. Refuses to be built when a link
 * names a page the registry does not declare. Each kind of person's links are worked out once.
 */
export function navigationFor(routes: readonly DeclaredRoute[] = ROUTES): (user: Express.User | undefined) => Navigation {
  const accessOf = new Map(routes.map((route) => [routeKey(route.method, route.path), route.access]));
  const links = LINKS.map(({ place, ...link }) => {
    const access: Access | undefined = accessOf.get(routeKey('GET', link.path));
    if (!access) throw new Error(`The navigation links to ${routeKey('GET', link.path)}, which src/http/route-registry.ts does not declare.`);
    return { place, link: Object.freeze(link), access };
  });
  const known = new Map<string, Navigation>();
  return (user) => {
    const kind = kindOf(user);
    let navigation = known.get(kind);
    if (!navigation) {
      const offered = links.filter(({ access }) => admits(access, user));
      navigation = {
        menu: offered.filter(({ place }) => place === 'menu').map(({ link }) => link),
        help: offered.filter(({ place }) => place === 'help').map(({ link }) => link),
      };
      known.set(kind, navigation);
    }
    return navigation;
  };
}

/** Puts the signed-in person's navigation on `res.locals.navigation` for the page header. */
export function navigationForViews(routes: readonly DeclaredRoute[] = ROUTES): RequestHandler {
  const navigationOf = navigationFor(routes);
  return (req, res, next) => {
    res.locals.navigation = navigationOf(req.user);
    next();
  };
}
