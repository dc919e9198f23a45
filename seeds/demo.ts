import { DateTime } from 'luxon';
import { accessCodeLookup, encryptAccessCode, normaliseAccessCode } from '../src/auth/access-code';
import { hashPassword } from '../src/auth/passwords';
import type { Database } from '../src/db/database';
import { ZONE } from '../src/learning/deadline';

export const DEMO_PASSWORD = 'pathways-demo';
export const DEMO_LEARNER = { accessCode: 'ABCD-2345', dateOfBirth: '2000-01-01', name: 'Alex Morgan' };
export const DEMO_COURSES = ['alcohol-awareness', 'thinking-skills'];
const DEMO_STAFF = [
  { email: 'admin@pathways.test', name: 'Ada Admin', role: 'admin' },
  { email: 'author@pathways.test', name: 'Arthur Author', role: 'author' },
  { email: 'caseworker@pathways.test', name: 'Casey Worker', role: 'caseworker' },
] as const;

/** Demo data for trying Pathways out: one force, its officer, the staff roles and one learner. */
export async function seedDemo(db: Database, accessCodeSecret: string): Promise<void> {
  await db.transaction(async (trx) => {
    const [force] = await trx('forces').insert({ name: 'Demo Constabulary', code: 'DEMO' }).returning('id');
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await trx('users').insert([
      ...DEMO_STAFF.map((staff) => ({ ...staff, password_hash: passwordHash })),
      { email: 'officer@demo-police.test', name: 'PC Olivia Officer', role: 'police', force_id: force.id, password_hash: passwordHash },
    ]);

    const code = normaliseAccessCode(DEMO_LEARNER.accessCode) as string;
    const [learner] = await trx('learners')
      .insert({
        name: DEMO_LEARNER.name,
        date_of_birth: DEMO_LEARNER.dateOfBirth,
        access_code_lookup: accessCodeLookup(code, accessCodeSecret),
        access_code_encrypted: encryptAccessCode(code, accessCodeSecret),
      })
      .returning('id');
    const [referral] = await trx('referrals')
      .insert({
        force_id: force.id,
        learner_id: learner.id,
        reference: 'DEMO/2026/0001',
        disposal_type: 'community-resolution',
        deadline: DateTime.now().setZone(ZONE).plus({ days: 21 }).toISODate(),
      })
      .returning('id');
    for (const courseId of DEMO_COURSES) {
      await trx('courses').insert({ id: courseId }).onConflict('id').ignore();
      await trx('enrolments').insert({ referral_id: referral.id, course_id: courseId });
    }
  });
}

/** True when the database has no forces yet: a new database. */
export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db('forces').count('* as count').first();
  return Number(row?.count ?? 0) === 0;
}
