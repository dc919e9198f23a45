import { DateTime } from 'luxon';
import { accessCodeLookup, encryptAccessCode, normaliseAccessCode } from '../src/auth/access-code';
import { hashPassword } from '../src/auth/passwords';
import { hashApiKey } from '../src/forces/service';
import type { Database } from '../src/db/database';
import { ZONE } from '../src/time/london';

export const DEMO_PASSWORD = 'pathways-demo';
export const DEMO_LEARNER = { accessCode: 'ABCD-2345', dateOfBirth: '2000-01-01', name: 'Alex Morgan' };
export const DEMO_COURSES = ['alcohol-awareness', 'thinking-skills'];
const DEMO_STAFF = [
  { email: 'admin@pathways.test', name: 'Ada Admin', role: 'admin' },
  { email: 'author@pathways.test', name: 'Arthur Author', role: 'author' },
  { email: 'caseworker@pathways.test', name: 'Casey Worker', role: 'caseworker' },
] as const;

/** Demo data for trying Pathways out: one force, its officer, the staff roles and one learner. */
/** API keys for trying the API; anyone reading the README knows them, so never in production. */
export const DEMO_API_KEYS = { DEMO: 'demo-api-key-not-for-production', OTHER: 'demo-other-key-not-for-production' };

export async function seedDemo(db: Database, accessCodeSecret: string): Promise<void> {
  await db.transaction(async (trx) => {
    const [force] = await trx('forces')
      .insert({ name: 'Demo Constabulary', code: 'DEMO', notification_email: 'oocd-hub@demo-police.test' })
      .returning('id');
    const [other] = await trx('forces').insert({ name: 'Other Demo Police', code: 'OTHER' }).returning('id');
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await trx('users').insert([
      ...DEMO_STAFF.map((staff) => ({ ...staff, password_hash: passwordHash })),
      { email: 'officer@demo-police.test', name: 'PC Olivia Officer', role: 'police', force_id: force.id, password_hash: passwordHash },
      { email: 'other@demo-police.test', name: 'PC Omar Other', role: 'police', force_id: other.id, password_hash: passwordHash },
    ]);
    await trx('api_keys').insert([
      { force_id: force.id, name: 'Demo case system', key_hash: hashApiKey(DEMO_API_KEYS.DEMO), key_hint: DEMO_API_KEYS.DEMO.slice(-4) },
      { force_id: other.id, name: 'Other demo case system', key_hash: hashApiKey(DEMO_API_KEYS.OTHER), key_hint: DEMO_API_KEYS.OTHER.slice(-4) },
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
        officer_name: 'PC Olivia Officer',
        officer_email: 'officer@demo-police.test',
        deadline: DateTime.now().setZone(ZONE).plus({ days: 21 }).toISODate(),
      })
      .returning('id');
    for (const courseId of DEMO_COURSES) {
      await trx('courses').insert({ id: courseId }).onConflict('id').ignore();
      await trx('enrolments').insert({ referral_id: referral.id, course_id: courseId });
    }
    await trx('referral_events').insert({ referral_id: referral.id, type: 'referred', details: JSON.stringify({ deadline: DateTime.now().setZone(ZONE).plus({ days: 21 }).toISODate(), courses: DEMO_COURSES }), actor: 'PC Olivia Officer' });
  });
}

/** True when the database has no forces yet: a new database. */
export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db('forces').count('* as count').first();
  return Number(row?.count ?? 0) === 0;
}
