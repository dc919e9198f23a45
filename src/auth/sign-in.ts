import type { Request } from 'express';

/**
 * Puts whoever has just proved who they are (a learner or a member of staff) in the session.
 * passport's login regenerates the session, so a session id seen before sign-in is worthless after.
 */
export function signIn(req: Request, user: Express.User): Promise<void> {
  return new Promise((resolve, reject) => req.login(user, (error) => (error ? reject(error) : resolve())));
}
