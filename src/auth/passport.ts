import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { LearnerAccountService } from '../learning/account-service';

/** Who is signed in, as kept in the session. */
export interface SignedInLearner {
  kind: 'learner';
  id: number;
  name: string;
  /** Signed in with the date of birth, and still has to choose a password. */
  needsPassword: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SignedInLearner {}
  }
}

export const LEARNER_PASSWORD_STRATEGY = 'learner-password';

/** One Passport per app (not the global one), so every app a test builds has its own. */
export function createPassport(learners: LearnerAccountService): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    LEARNER_PASSWORD_STRATEGY,
    new LocalStrategy({ usernameField: 'accessCode', passwordField: 'password' }, (accessCode, password, done) => {
      learners.signInWithPassword(accessCode, password).then(
        (result) =>
          result.ok
            ? done(null, { kind: 'learner', id: result.learner.id, name: result.learner.name, needsPassword: false })
            : done(null, false, { message: result.reason }),
        (error: unknown) => done(error),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  return passport;
}
