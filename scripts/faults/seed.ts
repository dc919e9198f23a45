/**
 * The people the fault run needs, written as the app writes them (test/support/test-app.ts,
 * createReferral): one force whose webhook and inbox point at the run's own receivers, and
 * learners referred to courses from the library, each with an access code and a date of birth.
 */
import { DateTime } from 'luxon';
import { answersFor } from '../../test/support/answers';
import { accessCodeLookup, encryptAccessCode, generateAccessCode, normaliseAccessCode } from '../../src/auth/access-code';
import { seal, WEBHOOK_SECRET } from '../../src/auth/seal';
import type { RenderedCourse } from '../../src/courses/render';
import { courseService } from '../../src/courses/service';
import { createDatabase } from '../../src/db/database';
import { ZONE } from '../../src/time/london';
import { createLogger } from '../../src/logger';

export const SECRETS = {
  SESSION_SECRET: 'faults-session-secret-at-least-32-characters',
  ACCESS_CODE_SECRET: 'faults-access-code-secret-at-least-32-characters',
};
export const FORCE_WEBHOOK_SECRET = 'faults-webhook-secret-not-for-production';
export const OFFICER_EMAIL = 'officer@faults-police.test';
export const INBOX_EMAIL = 'hub@faults-police.test';
export const LEARNER_PASSWORD = 'river-toast-blue-faults';

export interface SeededCourse {
  enrolmentId: number;
  courseId: string;
  /** The form a learner posts on each step, step 1 first. */
  steps: Record<string, string>[];
  attitude: Record<string, string>;
}

export interface SeededLearner {
  accessCode: string;
  dateOfBirth: string;
  reference: string;
  publicId: string;
  courses: SeededCourse[];
}

function attitudeForm(course: RenderedCourse): Record<string, string> {
  const form: Record<string, string> = { overall: 'positive', comment: 'It made me think.' };
  for (const statement of course.attitudeStatements) form[`statement-${statement.id}`] = 'agree';
  return form;
}

/**
 * `count` learners; every fourth has two courses (so completing both completes the referral).
 * Run after the server's first start: it imported the course library.
 */
export async function seedLearners(databaseUrl: string, webhookUrl: string, count: number): Promise<SeededLearner[]> {
  const db = createDatabase({ databaseUrl });
  try {
    const courses = courseService(db, createLogger('silent'));
    const library: RenderedCourse[] = [];
    for (const entry of await courses.catalogue()) {
      const rendered = await courses.renderedVersion(entry.versionId);
      if (rendered) library.push(rendered);
    }
    if (library.length === 0) throw new Error('The course library is empty: did the server import it?');
    // The shortest courses first: the run is about faults, not about reading.
    library.sort((a, b) => a.steps.length - b.steps.length);

    const [force] = await db('forces')
      .insert({
        name: 'Faults Constabulary',
        code: 'FAULTS',
        notification_email: INBOX_EMAIL,
        webhook_url: webhookUrl,
        webhook_secret_encrypted: seal(FORCE_WEBHOOK_SECRET, SECRETS.ACCESS_CODE_SECRET, WEBHOOK_SECRET),
      })
      .returning('id');
    const deadline = DateTime.now().setZone(ZONE).plus({ days: 21 }).toISODate();
    const learners: SeededLearner[] = [];
    for (let i = 0; i < count; i += 1) {
      const accessCode = generateAccessCode();
      const code = normaliseAccessCode(accessCode) as string;
      const dateOfBirth = `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
      const [learner] = await db('learners')
        .insert({
          name: `Faults Learner ${i + 1}`,
          first_name: 'Faults',
          last_name: `Learner ${i + 1}`,
          date_of_birth: dateOfBirth,
          access_code_lookup: accessCodeLookup(code, SECRETS.ACCESS_CODE_SECRET),
          access_code_encrypted: encryptAccessCode(code, SECRETS.ACCESS_CODE_SECRET),
        })
        .returning('id');
      const reference = `FAULTS/${i + 1}`;
      const [referral] = await db('referrals')
        .insert({
          force_id: force.id,
          learner_id: learner.id,
          reference,
          disposal_type: 'community-resolution',
          deadline,
          officer_name: 'PC Faults',
          officer_email: OFFICER_EMAIL,
        })
        .returning(['id', 'public_id']);
      const picked = i % 4 === 0 ? [library[i % 2]!, library[2 % library.length]!] : [library[i % 3]!];
      const seeded: SeededCourse[] = [];
      for (const course of picked) {
        const [enrolment] = await db('enrolments').insert({ referral_id: referral.id, course_id: course.id }).returning('id');
        seeded.push({ enrolmentId: enrolment.id, courseId: course.id, steps: course.steps.map((step) => answersFor(step)), attitude: attitudeForm(course) });
      }
      learners.push({ accessCode, dateOfBirth, reference, publicId: referral.public_id, courses: seeded });
    }
    return learners;
  } finally {
    await db.destroy();
  }
}
