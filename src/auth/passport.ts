import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { LearnerAccountService } from '../learning/account-service';
import type { SignedInStaff, StaffAccountService } from '../staff/accounts';

/** Who is signed in, as kept in the session. */
export interface SignedInLearner {
  kind: 'learner';
  id: number;
  name: string;
  /** Signed in with the date of birth, and still has to choose a password. */
  needsPassword: boolean;
  /** The account's session version at sign-in: raising it ends this session (see ./sessions). */
  sessionVersion: number;
}

/** Everyone who can be signed in: check `kind` (and for staff, `role`) before trusting the rest. */
export type SignedInUser = SignedInLearner | SignedInStaff;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User {
      kind: SignedInUser['kind'];
      id: number;
      name: string;
      needsPassword?: boolean;
      /** The account's session version at sign-in (see ./sessions). */
      sessionVersion: number;
    }
  }
}

export const LEARNER_PASSWORD_STRATEGY = 'learner-password';
export const STAFF_PASSWORD_STRATEGY = 'staff-password';

/** The signed-in member of staff or police user, if that is who this is. */
export const staffUser = (user: Express.User | undefined): SignedInStaff | undefined =>
  user?.kind === 'staff' ? (user as SignedInStaff) : undefined;

/**
 * One Passport per services object (not the global one), so every app a test builds has its own.
 * It is built with the other services and travels on the services object to the sign-in routers.
 */
export function createPassport(learners: LearnerAccountService, staff: StaffAccountService): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    STAFF_PASSWORD_STRATEGY,
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      staff.signIn(email, password).then(
        (result) => {
          if (result.ok) return done(null, result.user);
          // passport hands this on to the route as `info`: the account refused, if any, for the audit trail.
          const info = { message: result.reason, account: result.account };
          done(null, false, info);
        },
        (error: unknown) => done(error),
      );
    }),
  );
  passport.use(
    LEARNER_PASSWORD_STRATEGY,
    new LocalStrategy({ usernameField: 'accessCode', passwordField: 'password' }, (accessCode, password, done) => {
      learners.signInWithPassword(accessCode, password).then(
        (result) => {
          // passport hands this on to the route as `info`, for the audit trail.
          const info = { message: result.ok ? 'signed-in' : result.reason, result };
          done(null, result.ok ? { kind: 'learner', id: result.learner.id, name: result.learner.name, sessionVersion: result.learner.sessionVersion, needsPassword: false } : false, info);
        },
        (error: unknown) => done(error),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user));
  // Whether the session is still good was answered when it was read (./sessions): a session whose
  // account's sessions have ended comes with no user at all.
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  return passport;
}
