import type { CourseService } from '../courses/service';
import { type Block, blocksOf } from '../courses/model';
import type { Database } from '../db/database';

export interface AnswerShown {
  prompt: string;
  /** The learner's words, or the option they chose and whether it was right. */
  lines: string[];
}

export interface StepShown {
  number: number;
  title: string;
  savedAt: Date | null;
  answers: AnswerShown[];
}

export interface CourseRecord {
  title: string;
  version: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
  completedLate: boolean | null;
  steps: StepShown[];
  attitude: { overall: string; comment: string | null; statements: { text: string; answer: string }[]; answeredAt: Date } | null;
}

function describe(block: Block, answer: unknown): AnswerShown {
  if (block.kind === 'choice') {
    const option = typeof answer === 'number' ? block.options[answer] : undefined;
    return { prompt: block.prompt, lines: [option ? `${option.text} (${option.correct ? 'right' : 'not the right answer'})` : 'No answer'] };
  }
  if (block.kind === 'reflection') return { prompt: block.prompt, lines: [typeof answer === 'string' ? answer : 'No answer'] };
  const plan = (answer ?? {}) as Record<string, string>;
  return { prompt: block.prompt, lines: block.items.map((item) => `${item.label}: ${plan[item.id] ?? 'No answer'}`) };
}

/**
 * A learner's own work, course by course and step by step, as they wrote it: for caseworkers,
 * never for police. Each course is read in the version the learner took.
 */
export async function learnerRecord(db: Database, courses: CourseService, referralId: number): Promise<CourseRecord[]> {
  const enrolments = await db('enrolments')
    .leftJoin('course_versions', 'course_versions.id', 'enrolments.course_version_id')
    .where({ referral_id: referralId })
    .orderBy('enrolments.id')
    .select('enrolments.*', 'course_versions.version', 'course_versions.title as version_title');
  const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course.title]));
  const records: CourseRecord[] = [];
  for (const enrolment of enrolments) {
    const course = enrolment.course_version_id ? await courses.renderedVersion(enrolment.course_version_id) : undefined;
    const saved = new Map(
      (await db('step_answers').where({ enrolment_id: enrolment.id }).select('step_number', 'answers', 'saved_at')).map((row) => [row.step_number as number, row]),
    );
    const attitude = await db('attitude_responses').where({ enrolment_id: enrolment.id }).first();
    records.push({
      title: enrolment.version_title ?? catalogue.get(enrolment.course_id) ?? enrolment.course_id,
      version: enrolment.version ?? null,
      startedAt: enrolment.started_at,
      completedAt: enrolment.completed_at,
      completedLate: enrolment.completed_late,
      steps: (course?.steps ?? []).map((step) => {
        const row = saved.get(step.number);
        return { number: step.number, title: step.title, savedAt: row?.saved_at ?? null, answers: row ? blocksOf(step).map((block) => describe(block, row.answers[block.id])) : [] };
      }),
      attitude: attitude && {
        overall: attitude.overall,
        comment: attitude.comment,
        answeredAt: attitude.answered_at,
        statements: (course?.attitudeStatements ?? []).map((statement) => ({ text: statement.text, answer: String(attitude.statements?.[statement.id] ?? 'No answer') })),
      },
    });
  }
  return records;
}
