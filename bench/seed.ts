/**
 * The bench's own PostgreSQL database, made fresh each run and filled by set-based statements
 * (generate_series), as bench/reports.ts does: 10,000 referrals across 4 forces, 1,000 of them
 * learners part-way through a course who can sign in with a password, police users and API keys.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import knex from 'knex';
import { accessCodeLookup, generateAccessCode, normaliseAccessCode } from '../src/auth/access-code';
import { hashPassword } from '../src/auth/passwords';
import { type Block, blocksOf } from '../src/courses/model';
import type { RenderedCourse, RenderedStep } from '../src/courses/render';
import { courseService } from '../src/courses/service';
import { createDatabase, type Database } from '../src/db/database';
import { planFieldName, readAnswers } from '../src/learning/answers';
import { createLogger } from '../src/logger';
import { hashApiKey } from '../src/forces/service';

export const REFERRALS = 10_000;
export const LEARNERS_MID_COURSE = 1_000;
const FORCES = 4;
/** The API allows 600 requests a minute per key; many force systems share the load, so the bench rotates keys. */
const API_KEYS = 300;
/** One password for every seeded learner and officer: argon2 is slow on purpose, so it is hashed once. */
export const BENCH_PASSWORD = 'bench-password-not-secret';
export const BENCH_SECRETS = {
  SESSION_SECRET: 'bench-session-secret-at-least-32-characters',
  ACCESS_CODE_SECRET: 'bench-access-code-secret-at-least-32-characters',
};

export interface BenchLearner {
  accessCode: string;
  course: RenderedCourse;
  /** Steps 1..savedSteps have answers saved. */
  savedSteps: number;
}

export interface BenchData {
  police: { email: string; forceId: number }[];
  apiKeys: { key: string; forceId: number }[];
  /** Some referral ids of each force, for the API GET. */
  publicIds: Map<number, string[]>;
  /** The first learners, mid-course, to sign in with. */
  learners: BenchLearner[];
  /** A learner with no progress yet, for walking a whole course (page weight, Lighthouse). */
  fresh: { accessCode: string; courseId: string };
  /** Every course in the library, newest version, by id. */
  courses: Map<string, RenderedCourse>;
}

/** The answers a learner would type into a step's form (valid for every block). */
export function formFor(step: { parts: RenderedStep['parts'] }): Record<string, string> {
  const form: Record<string, string> = {};
  for (const block of blocksOf(step) as Block[]) {
    if (block.kind === 'choice') form[block.id] = String(Math.max(0, block.options.findIndex((option) => option.correct)));
    else if (block.kind === 'reflection') form[block.id] = 'I was with friends and kept saying yes to another round.';
    else for (const item of block.items) form[planFieldName(block.id, item.id)] = `My plan for ${item.label.toLowerCase()}`;
  }
  return form;
}

/** Drops and makes the database named in the URL; refuses a name without "bench" in it. */
export async function freshDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/i.test(name) || !/^[a-z0-9_]+$/i.test(name)) throw new Error(`Refusing to drop "${name}": the bench database's name must contain "bench".`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = knex({ client: 'pg', connection: maintenance.toString(), pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
}

async function renderedCourses(db: Database): Promise<RenderedCourse[]> {
  const courses = courseService(db, createLogger('silent'));
  await courses.importLibrary(path.join(__dirname, '..', 'courses'));
  const catalogue = await courses.catalogue();
  const rendered = await Promise.all(catalogue.map((entry) => courses.renderedVersion(entry.versionId)));
  return rendered.filter((course): course is RenderedCourse => course !== undefined);
}

/** Each course's stored answers per step, as the app writes them. */
function storedAnswers(courses: RenderedCourse[], versionIds: Map<string, number>) {
  return courses.flatMap((course) =>
    course.steps.map((step) => ({
      version_id: versionIds.get(course.id),
      step_number: step.number,
      half: Math.floor(course.steps.length / 2),
      answers: readAnswers(blocksOf(step) as Block[], formFor(step)).answers,
    })),
  );
}

export async function seed(url: string): Promise<BenchData> {
  const db = createDatabase({ databaseUrl: url });
  try {
    // No migrate here: the compiled server's first start did it. knex records migrations by file
    // name, and one run from the TypeScript sources (.ts) would make the build's (.js) refuse the database.
    const courses = await renderedCourses(db);
    const versions: { id: number; course_id: string }[] = await db('course_versions').select('id', 'course_id');
    const versionIds = new Map(versions.map((row) => [row.course_id, row.id]));
    const passwordHash = await hashPassword(BENCH_PASSWORD);

    const forceRows: { id: number }[] = await db('forces')
      .insert(Array.from({ length: FORCES }, (_, i) => ({ name: `Bench Constabulary ${i + 1}`, code: `BENCH${i + 1}` })))
      .returning('id');
    const forceIds = forceRows.map((row) => row.id);
    const police = forceIds.map((forceId, i) => ({ email: `officer${i + 1}@bench-police.test`, forceId }));
    await db('users').insert(police.map((p, i) => ({ email: p.email, name: `PC Bench ${i + 1}`, role: 'police', force_id: p.forceId, password_hash: passwordHash })));
    const apiKeys = Array.from({ length: API_KEYS }, (_, i) => ({ key: `bench-${i}-${randomBytes(16).toString('hex')}`, forceId: forceIds[i % FORCES]! }));
    await db('api_keys').insert(apiKeys.map((k, i) => ({ force_id: k.forceId, name: `Bench system ${i}`, key_hash: hashApiKey(k.key), key_hint: k.key.slice(-4) })));

    // Learners 1..1,000 can sign in (real access codes, a password); the rest are other people's referrals.
    const codes = Array.from({ length: LEARNERS_MID_COURSE + 1 }, () => generateAccessCode());
    const lookups = codes.map((code) => accessCodeLookup(normaliseAccessCode(code) as string, BENCH_SECRETS.ACCESS_CODE_SECRET));
    await db.raw(
      `insert into learners (name, first_name, last_name, date_of_birth, access_code_lookup, password_hash, first_signed_in_at)
       select 'Bench Person ' || g, 'Bench', 'Person ' || g, date '1970-01-01' + (g % 15000),
         coalesce((?::text[])[g], 'bench-unused-' || g), case when g <= ? then ? end, case when g <= ? then now() - interval '3 days' end
       from generate_series(1, ?) g`,
      [lookups, LEARNERS_MID_COURSE, passwordHash, LEARNERS_MID_COURSE, REFERRALS],
    );
    await db.raw(
      `insert into referrals (force_id, learner_id, reference, disposal_type, deadline, referred_at, updated_at, status, officer_name)
       select (?::int[])[1 + l.id % ?], l.id, 'BENCH/' || l.id,
         (array['community-resolution', 'conditional-caution', 'diversionary-caution', 'community-caution'])[1 + l.id % 4],
         current_date + 14 + l.id % 60, now() - (l.id % 60) * interval '1 day', now(),
         case when l.password_hash is not null then 'in_progress' else (array['referred', 'in_progress', 'completed'])[1 + l.id % 3] end, 'PC Bench'
       from learners l`,
      [forceIds, FORCES],
    );
    // One course each (two for every fifth person), cycling through the library.
    const courseIds = courses.map((course) => course.id);
    await db.raw(
      `insert into enrolments (referral_id, course_id, course_version_id, started_at, completed_at, completed_late)
       select r.id, c.course_id, case when r.status <> 'referred' then v.id end,
         case when r.status <> 'referred' then r.referred_at + interval '1 day' end,
         case when r.status = 'completed' then r.referred_at + interval '5 days' end,
         case when r.status = 'completed' then false end
       from referrals r
       cross join generate_series(0, 1) k
       cross join lateral (select (?::text[])[1 + (r.learner_id + k) % ?] as course_id) c
       join lateral (select id from course_versions where course_id = c.course_id order by version desc limit 1) v on true
       where k = 0 or r.learner_id % 5 = 0`,
      [courseIds, courseIds.length],
    );
    await db.raw(`update referrals set completed_at = now() - interval '1 day', completed_late = false where status = 'completed'`);
    // Answers: every step of a completed course; the first half of a started one.
    await db.raw(
      `insert into step_answers (enrolment_id, step_number, answers, saved_at)
       select e.id, s.step_number, s.answers, e.started_at + s.step_number * interval '5 minutes'
       from enrolments e
       join json_to_recordset(?::json) as s(version_id int, step_number int, half int, answers jsonb) on s.version_id = e.course_version_id
       where e.completed_at is not null or s.step_number <= s.half`,
      [JSON.stringify(storedAnswers(courses, versionIds))],
    );
    await db.raw(
      `insert into attitude_responses (enrolment_id, overall, statements, answered_at)
       select id, (array['positive', 'neutral', 'negative'])[1 + id % 3], '{}', completed_at from enrolments where completed_at is not null`,
    );
    // The last learner with a code starts fresh: the page-weight walk takes them through a course.
    const fresh: number = (await db('learners').where({ access_code_lookup: lookups[LEARNERS_MID_COURSE] }).first('id')).id;
    await db.raw(`delete from step_answers where enrolment_id in (select e.id from enrolments e join referrals r on r.id = e.referral_id where r.learner_id = ?)`, [fresh]);
    await db.raw(`delete from attitude_responses where enrolment_id in (select e.id from enrolments e join referrals r on r.id = e.referral_id where r.learner_id = ?)`, [fresh]);
    await db.raw(`update enrolments set course_version_id = null, started_at = null, completed_at = null, completed_late = null where referral_id = (select id from referrals where learner_id = ?)`, [fresh]);
    await db.raw(`update referrals set status = 'referred', completed_at = null, completed_late = null where learner_id = ?`, [fresh]);
    await db.raw(`update learners set password_hash = ?, first_signed_in_at = now() where id = ?`, [passwordHash, fresh]);
    for (const table of ['learners', 'referrals', 'enrolments', 'step_answers', 'attitude_responses', 'api_keys']) await db.raw(`vacuum analyze ${table}`);

    const publicIds = new Map<number, string[]>();
    for (const forceId of forceIds) {
      publicIds.set(forceId, await db('referrals').where({ force_id: forceId }).orderBy('id').limit(500).pluck('public_id'));
    }
    const byId = new Map(courses.map((course) => [course.id, course]));
    // The first 40 learners with a code, each with their first course; codes are found by their lookup.
    const codeOf = new Map(lookups.map((lookup, i) => [lookup, codes[i]!]));
    const firstEnrolments: { lookup: string; course_id: string }[] = await db('enrolments')
      .join('referrals', 'referrals.id', 'enrolments.referral_id')
      .join('learners', 'learners.id', 'referrals.learner_id')
      .whereIn('learners.access_code_lookup', lookups.slice(0, 40))
      .distinctOn('referrals.learner_id')
      .orderBy([{ column: 'referrals.learner_id' }, { column: 'enrolments.id' }])
      .select('learners.access_code_lookup as lookup', 'enrolments.course_id');
    const learners = firstEnrolments.map((row) => {
      const course = byId.get(row.course_id)!;
      return { accessCode: codeOf.get(row.lookup)!, course, savedSteps: Math.floor(course.steps.length / 2) };
    });
    const freshCourse: string = await db('enrolments').join('referrals', 'referrals.id', 'enrolments.referral_id').where('referrals.learner_id', fresh).first('course_id').then((row) => row.course_id);
    return { police, apiKeys, publicIds, learners, fresh: { accessCode: codes[LEARNERS_MID_COURSE]!, courseId: freshCourse }, courses: byId };
  } finally {
    await db.destroy();
  }
}
