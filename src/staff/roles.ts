import type { Request, Response } from 'express';
import type { SignedInStaff } from './accounts';

/** The signed-in staff member or police user, once `requireStaffRole` (http/guards) has let the request through. */
export const staffOf = (res: Response): SignedInStaff => res.locals.staff as SignedInStaff;

/** The signed-in staff member as the audit trail names them, with the address the request came from. */
export const auditActorOf = (req: Request, res: Response) => {
  const staff = staffOf(res);
  return { userId: staff.id, name: `${staff.name} (${staff.role})`, ip: req.ip ?? null };
};
