import type { NextFunction, Request, Response } from 'express';
import { staffUser } from '../auth/passport';
import { HttpError } from '../http/http-error';
import type { SignedInStaff, StaffRole } from './accounts';

/**
 * The one guard for staff and police pages: not signed in as staff → the sign-in page;
 * signed in with another role → 403 naming what the page is for. An admin without two-factor
 * sign-in is sent to set it up first. Puts the user on `res.locals.staff`.
 */
export function requireStaffRole(roles: readonly StaffRole[], pageIsFor: string, options: { beforeTwoFactor?: boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = staffUser(req.user);
    if (!user) return res.redirect('/sign-in');
    if (!roles.includes(user.role)) return next(new HttpError(403, `Your role does not give you access to ${pageIsFor}.`));
    if (user.role === 'admin' && !user.twoFactor && !options.beforeTwoFactor) return res.redirect('/account/two-factor');
    res.locals.staff = user;
    next();
  };
}

/** The signed-in staff member or police user, once `requireStaffRole` has let the request through. */
export const staffOf = (res: Response): SignedInStaff => res.locals.staff as SignedInStaff;

/** The signed-in staff member as the audit trail names them, with the address the request came from. */
export const auditActorOf = (req: Request, res: Response) => {
  const staff = staffOf(res);
  return { userId: staff.id, name: `${staff.name} (${staff.role})`, ip: req.ip ?? null };
};
