import type { Knex } from 'knex';
import { endingEverySession } from '../auth/sessions';
import { NAME_REMOVED } from '../retention/removed';

/** A reflection becomes "", a plan's items each become "": the shape of the record stays, the words go. Choices are kept. */
const BLANK_FREE_TEXT = `coalesce((select jsonb_object_agg(a.key, case jsonb_typeof(a.value)
    when 'string' then '""'::jsonb
    when 'object' then coalesce((select jsonb_object_agg(p.key, '""'::jsonb) from jsonb_each(a.value) p), '{}'::jsonb)
    else a.value end) from jsonb_each(answers) a), '{}'::jsonb)`;

/** Each learner's email address, read before forgetPersonalData removes it (emails sent to it lose it too). */
export async function emailAddresses(trx: Knex, learnerIds: number[]): Promise<{ learnerId: number; email: string | null }[]> {
  return trx('learners').whereRaw('id = any(?::int[])', [learnerIds]).orderBy('id').select('id as learnerId', 'email');
}

/**
 * The person's details and words: their name, date of birth (kept as the 1st of January of the birth
 * year: age bands stay possible), contact details, language, support needs, sign-in secrets, what they
 * typed in the course and the attitude test's comment. Choices and attitude answers stay: the reports
 * count them. Every session they have ends (a session holds their name), and neither their code nor a
 * password signs them in again. The referrals (their enrolments) and their learners come from retention,
 * which asks the referrals capability whose they are.
 */
export async function forgetPersonalData(trx: Knex, people: { referralIds: number[]; learnerIds: number[] }): Promise<void> {
  const { referralIds, learnerIds } = people;
  const enrolmentIds = trx('enrolments').whereRaw('referral_id = any(?::int[])', [referralIds]).select('id');
  await trx('step_answers').whereIn('enrolment_id', enrolmentIds.clone()).update({ answers: trx.raw(BLANK_FREE_TEXT) });
  await trx('attitude_responses').whereIn('enrolment_id', enrolmentIds.clone()).whereNotNull('comment').update({ comment: null });
  await trx('learners')
    .whereRaw('id = any(?::int[])', [learnerIds])
    .update({
      name: NAME_REMOVED,
      first_name: null,
      last_name: null,
      date_of_birth: trx.raw("date_trunc('year', date_of_birth)::date"),
      email: null,
      phone: null,
      preferred_language: null,
      support_needs: null,
      // Unique and never the hash of a real code: nobody can sign in as this learner again.
      access_code_lookup: trx.raw("'removed:' || id"),
      access_code_encrypted: null,
      password_hash: null,
      ...endingEverySession(trx),
    });
}
