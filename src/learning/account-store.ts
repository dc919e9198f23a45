import { endingEverySession } from '../auth/sessions';
import type { Database } from '../db/database';
import type { LearnerProgress } from './progress';

export interface LearnerRow {
  id: number;
  name: string;
  date_of_birth: string;
  access_code_lookup: string;
  access_code_encrypted: string | null;
  password_hash: string | null;
  first_signed_in_at: Date | null;
  session_version: number;
}

export function learnerAccountStore(db: Database, progress: LearnerProgress) {
  return {
    async byCodeLookup(lookup: string): Promise<LearnerRow | undefined> {
      return db<LearnerRow>('learners').where({ access_code_lookup: lookup }).first();
    },

    async byId(id: number): Promise<LearnerRow | undefined> {
      return db<LearnerRow>('learners').where({ id }).first();
    },

    /** First sign-in done: the code's readable copy is no longer kept. */
    async setPassword(id: number, passwordHash: string): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('learners').where({ id }).update({ password_hash: passwordHash, access_code_encrypted: null });
        const first = await trx('learners').where({ id }).whereNull('first_signed_in_at').update({ first_signed_in_at: trx.fn.now() });
        if (first > 0) await progress.firstSignIn(trx, id);
      });
    },
  };
}

/** The person referred, as the police gave them and may correct them. */
export interface PersonDetails {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  preferredLanguage: string | null;
  supportNeeds: string | null;
}

/** A learner as the referral pages show them (never their sign-in secrets). */
export interface Person extends PersonDetails {
  id: number;
  /** "First Last", or what stands in for it once retention removed it. */
  name: string;
}

interface PersonRow {
  id: number;
  name: string;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  preferred_language: string | null;
  support_needs: string | null;
}

/** People referred before first and last names were asked for have only `name`: it stands as the first name. */
const personFrom = (row: PersonRow): Person => ({
  id: row.id,
  name: row.name,
  firstName: row.first_name ?? row.name,
  lastName: row.last_name ?? '',
  dateOfBirth: row.date_of_birth,
  email: row.email,
  phone: row.phone,
  preferredLanguage: row.preferred_language,
  supportNeeds: row.support_needs,
});

const PERSON_COLUMNS = ['id', 'name', 'first_name', 'last_name', 'date_of_birth', 'email', 'phone', 'preferred_language', 'support_needs'];

const detailColumns = (details: Partial<PersonDetails>) => ({
  name: `${details.firstName} ${details.lastName}`,
  first_name: details.firstName,
  last_name: details.lastName,
  date_of_birth: details.dateOfBirth,
  email: details.email,
  phone: details.phone,
  preferred_language: details.preferredLanguage,
  support_needs: details.supportNeeds,
});

/** The code, as a lookup hash and an encrypted copy (kept until the first sign-in, for the letter). */
export interface StoredCode {
  lookup: string;
  encrypted: string;
}

export async function insertPerson(trx: Database, details: PersonDetails, code: StoredCode): Promise<number> {
  const [row] = await trx('learners').insert({ ...detailColumns(details), access_code_lookup: code.lookup, access_code_encrypted: code.encrypted }).returning('id');
  return row.id as number;
}

export async function updatePersonDetails(trx: Database, learnerId: number, details: Partial<PersonDetails>): Promise<void> {
  await trx('learners').where({ id: learnerId }).update(detailColumns(details));
}

/** A new code: the old one and any password stop working, and every session of theirs ends. */
export async function replaceCode(trx: Database, learnerId: number, code: StoredCode): Promise<void> {
  await trx('learners').where({ id: learnerId }).update({ access_code_lookup: code.lookup, access_code_encrypted: code.encrypted, password_hash: null, ...endingEverySession(trx) });
}

/** The encrypted copy of the code, while it is kept. */
export async function encryptedCodeOf(db: Database, learnerId: number): Promise<string | null> {
  const row = await db('learners').where({ id: learnerId }).first('access_code_encrypted');
  return row?.access_code_encrypted ?? null;
}

export async function personById(db: Database, learnerId: number): Promise<Person | undefined> {
  const row: PersonRow | undefined = await db('learners').where({ id: learnerId }).first(PERSON_COLUMNS);
  return row && personFrom(row);
}

/** Many learners at once (a sweep, a page of referrals): one statement. */
export async function peopleByIds(db: Database, learnerIds: number[]): Promise<Person[]> {
  if (learnerIds.length === 0) return [];
  const rows: PersonRow[] = await db('learners').whereRaw('id = any(?::int[])', [learnerIds]).select(PERSON_COLUMNS);
  return rows.map(personFrom);
}
