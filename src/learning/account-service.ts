import { accessCodeLookup, decryptAccessCode, encryptAccessCode, generateAccessCode, normaliseAccessCode } from '../auth/access-code';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import {
  encryptedCodeOf,
  insertPerson,
  learnerAccountStore,
  type LearnerRow,
  peopleByIds,
  type Person,
  type PersonDetails,
  personById,
  replaceCode,
  type StoredCode,
  updatePersonDetails,
} from './account-store';
import type { LearnerProgress } from './progress';

export type { Person, PersonDetails };

/** A refusal names the learner only when the code is theirs, for the audit trail. */
export type SignInResult =
  | { ok: true; learner: { id: number; name: string; hasPassword: boolean; sessionVersion: number } }
  | { ok: false; reason: 'wrong' | 'locked' | 'password-already-set'; learnerId?: number };

/**
 * Learners sign in with the code on their letter: the first time with their date of birth, then with
 * the password they chose. Wrong tries are counted per code as typed, whether or not it is a real one
 * (see auth/sign-in-attempts), and every refusal of a code gives the same answer, so the pages never
 * tell which codes exist or have a password yet.
 */
export function learnerAccountService(db: Database, accessCodeSecret: string, progress: LearnerProgress, attempts: SignInAttempts) {
  const store = learnerAccountStore(db, progress);
  let noSuchPasswordHash: Promise<string> | undefined;

  /** The counter's key and the learner of a typed code; a code that cannot be real still has a key. */
  async function tryCode(typedCode: string) {
    const code = normaliseAccessCode(typedCode);
    const key = attempts.learnerKey(code ?? typedCode.toUpperCase().replace(/[\s-]/g, '').slice(0, 64));
    const verdict = await attempts.begin(key);
    const learner = verdict.go && code ? await store.byCodeLookup(accessCodeLookup(code, accessCodeSecret)) : undefined;
    return { key, verdict, learner };
  }

  const refused = (last: boolean, learner?: LearnerRow): SignInResult => ({ ok: false, reason: last ? 'locked' : 'wrong', learnerId: learner?.id });
  const signedIn = (learner: LearnerRow): SignInResult => ({
    ok: true,
    learner: { id: learner.id, name: learner.name, hasPassword: learner.password_hash !== null, sessionVersion: learner.session_version },
  });

  return {
    /** First sign-in: the code from the letter and the date of birth the police recorded. */
    async signInWithDateOfBirth(typedCode: string, dateOfBirth: string): Promise<SignInResult> {
      const { key, verdict, learner } = await tryCode(typedCode);
      if (!verdict.go) return { ok: false, reason: 'locked' };
      if (!learner || learner.date_of_birth !== dateOfBirth) return refused(verdict.last, learner);
      if (learner.password_hash !== null) {
        // Right, but not a way in once a password is set: the try neither counts nor wipes the wrong passwords before it.
        await attempts.takeBack(key);
        return { ok: false, reason: 'password-already-set', learnerId: learner.id };
      }
      await attempts.clear(key);
      return signedIn(learner);
    },

    async signInWithPassword(typedCode: string, password: string): Promise<SignInResult> {
      const { key, verdict, learner } = await tryCode(typedCode);
      if (!verdict.go) return { ok: false, reason: 'locked' };
      // The same work whether or not the code exists or has a password yet, so timing does not tell.
      noSuchPasswordHash ??= hashPassword('no password yet');
      const matches = await verifyPassword(learner?.password_hash ?? (await noSuchPasswordHash), password);
      if (!learner || learner.password_hash === null || !matches) return refused(verdict.last, learner);
      await attempts.clear(key);
      return signedIn(learner);
    },

    passwordProblem,

    async setPassword(learnerId: number, password: string): Promise<void> {
      await store.setPassword(learnerId, await hashPassword(password));
    },

    async learner(id: number) {
      const learner = await store.byId(id);
      return learner && { id: learner.id, name: learner.name, hasPassword: learner.password_hash !== null };
    },
  };
}

export type LearnerAccountService = ReturnType<typeof learnerAccountService>;

/**
 * The person referred, for the referrals capability: made with the referral, corrected, given a new
 * code, and read for the pages, letters and emails. Functions that write take the caller's
 * transaction (the referral and its person are made and changed together); reads take it optionally.
 */
export function learnerPeopleService(db: Database, accessCodeSecret: string) {
  /** A new code (as printed, XXXX-XXXX) and how it is stored. */
  function newCode(): { accessCode: string; stored: StoredCode } {
    const accessCode = generateAccessCode();
    const canonical = normaliseAccessCode(accessCode) as string;
    return { accessCode, stored: { lookup: accessCodeLookup(canonical, accessCodeSecret), encrypted: encryptAccessCode(canonical, accessCodeSecret) } };
  }

  return {
    /** The person and the code on their letter. */
    async createPerson(trx: Database, details: PersonDetails): Promise<{ learnerId: number; accessCode: string }> {
      const { accessCode, stored } = newCode();
      return { learnerId: await insertPerson(trx, details, stored), accessCode };
    },

    correctDetails: (trx: Database, learnerId: number, details: Partial<PersonDetails>) => updatePersonDetails(trx, learnerId, details),

    /** A new code: the old code and any password stop working, and they are signed out everywhere. */
    async resetAccess(trx: Database, learnerId: number): Promise<string> {
      const { accessCode, stored } = newCode();
      await replaceCode(trx, learnerId, stored);
      return accessCode;
    },

    /** The code on the letter, while the learner has not yet signed in (after that it is not kept). */
    async accessCodeOf(learnerId: number, trx: Database = db): Promise<string | null> {
      const encrypted = await encryptedCodeOf(trx, learnerId);
      if (!encrypted) return null;
      const code = decryptAccessCode(encrypted, accessCodeSecret);
      return `${code.slice(0, 4)}-${code.slice(4)}`;
    },

    person: (learnerId: number, trx: Database = db): Promise<Person | undefined> => personById(trx, learnerId),

    /** Many people in one statement, by learner id. */
    async people(learnerIds: number[], trx: Database = db): Promise<Map<number, Person>> {
      return new Map((await peopleByIds(trx, [...new Set(learnerIds)])).map((person) => [person.id, person]));
    },
  };
}

export type LearnerPeopleService = ReturnType<typeof learnerPeopleService>;
