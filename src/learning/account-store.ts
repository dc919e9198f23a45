import type { Database } from '../db/database';
import type { ReferralProgress } from '../referrals/progress';

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

export function learnerAccountStore(db: Database, progress: ReferralProgress) {
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
