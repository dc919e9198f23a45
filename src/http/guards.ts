import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error';
import type { StaffRole } from './roles';

/**
 * What the guards read of whoever is signed in. The whole of it is declared by auth (`SignedInUser`);
 * the kernel needs only these fields, so it depends on no capability.
 */
interface SignedInAs {
  kind: 'learner' | 'staff';
  role?: StaffRole;
  twoFactor?: boolean;
  needsPassword?: boolean;
}

const signedInAs = (req: Request) => req.user as SignedInAs | undefined;

/** A learner who has chosen a password: the only one the learner's pages admit. */
export const isLearner = (user: SignedInAs | undefined) => user?.kind === 'learner' && !user.needsPassword;

/** A member of staff or police user of one of these roles (whether or not two-factor is set up yet). */
export const isStaffOf = (user: SignedInAs | undefined, roles: readonly StaffRole[]) =>
  user?.kind === 'staff' && user.role !== undefined && roles.includes(user.role);

/** Only a learner who has chosen a password gets past here; everyone else is sent to sign in. */
export function requireLearner(req: Request, res: Response, next: NextFunction): void {
  const user = signedInAs(req);
  if (user?.kind !== 'learner') return res.redirect('/learn/sign-in');
  if (user.needsPassword) return res.redirect('/learn/create-password');
  next();
}

/**
 * The one guard for staff and police pages: not signed in as staff → the sign-in page;
 * signed in with another role → 403 naming what the page is for. An admin without two-factor
 * sign-in is sent to set it up first. Puts the user on `res.locals.staff`.
 */
export function requireStaffRole(roles: readonly StaffRole[], pageIsFor: string, options: { beforeTwoFactor?: boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = signedInAs(req);
    if (user?.kind !== 'staff') return res.redirect('/sign-in');
    if (!isStaffOf(user, roles)) return next(new HttpError(403, `Your role does not give you access to ${pageIsFor}.`));
    if (user.role === 'admin' && !user.twoFactor && !options.beforeTwoFactor) return res.redirect('/account/two-factor');
    res.locals.staff = user;
    next();
  };
}
