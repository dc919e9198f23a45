import type { CourseService } from '../courses/service';
import type { RenderedCourse, RenderedStep } from '../courses/render';
import { blocksOf } from '../courses/model';
import type { Database } from '../db/database';
import { HttpError, notFound } from '../http/http-error';
import { type FieldErrors, readAnswers } from './answers';
import type { Clock } from '../time/clock';
import { describeDeadline, isLate } from '../time/london';
import type { LearnerProgress } from './progress';
import { type Answers, type EnrolmentRow, learningStore, type ReferralSummary } from './store';

export type AttitudeOverall = 'positive' | 'neutral' | 'negative';
export const ATTITUDE_OVERALL: AttitudeOverall[] = ['positive', 'neutral', 'negative'];
export const STATEMENT_RESPONSES = ['agree', 'unsure', 'disagree'] as const;
export const ATTITUDE_COMMENT_MAX = 2000;

/** A learner's course as opened on one request: who, which version, and what they have saved. */
export interface OpenCourse {
  referral: ReferralSummary;
  enrolment: EnrolmentRow;
  course: RenderedCourse;
  saved: Map<number, Answers>;
}

const NO_REFERRAL = 'There is no referral for this account. Call the number on your letter.';

export const coursePath = (courseId: string, rest = '') => `/learn/courses/${courseId}${rest}`;
export const stepPath = (courseId: string, step: number) => coursePath(courseId, `/steps/${step}`);

/**
 * Where "Continue course" on My courses goes, from the number of steps saved: a learner saves
 * steps in order (a later one opens only once the earlier are saved), so the next is one past them.
 */
const continueFrom = (courseId: string, stepsDone: number, stepsTotal: number) =>
  stepsDone >= stepsTotal ? coursePath(courseId, '/attitude-test') : stepPath(courseId, stepsDone + 1);

/** The first step not yet saved; one past the end when every step is done. */
export function firstUnfinishedStep(course: RenderedCourse, saved: Map<number, Answers>): number {
  return course.steps.find((step) => !saved.has(step.number))?.number ?? course.steps.length + 1;
}

export function journeyService(db: Database, courses: CourseService, progress: LearnerProgress, clock: Clock) {
  const store = learningStore(db, progress);

  async function referralOf(learnerId: number): Promise<ReferralSummary> {
    const referral = await store.referralOf(learnerId);
    if (!referral) throw new HttpError(403, NO_REFERRAL);
    return referral;
  }

  async function versionFor(enrolment: EnrolmentRow): Promise<RenderedCourse> {
    const versionId = enrolment.course_version_id ?? (await courses.newestVersion(enrolment.course_id))?.id;
    const course = versionId === undefined ? undefined : await courses.renderedVersion(versionId);
    if (!course) throw new HttpError(503, 'This course is not available right now. Please try again later.');
    return course;
  }

  /** Where "Continue course" goes: the first unfinished step, the attitude test, or the certificate. */
  function nextPlace(open: Pick<OpenCourse, 'course' | 'saved' | 'enrolment'>): string {
    const { course, saved, enrolment } = open;
    if (enrolment.completed_at) return coursePath(course.id, '/certificate');
    if (!enrolment.course_version_id) return coursePath(course.id, '/start');
    const next = firstUnfinishedStep(course, saved);
    return next > course.steps.length ? coursePath(course.id, '/attitude-test') : stepPath(course.id, next);
  }

  return {
    nextPlace,

    async myCourses(learnerId: number) {
      const referral = await referralOf(learnerId);
      const enrolments = await store.enrolmentsOf(referral.id);
      const list = [];
      let quickExit = false;
      for (const enrolment of enrolments) {
        const course = await versionFor(enrolment);
        quickExit ||= course.quickExit;
        const stepsDone = Math.min(Number(enrolment.steps_saved), course.steps.length);
        const status = enrolment.completed_at ? 'completed' : enrolment.started_at ? 'in-progress' : 'not-started';
        const action = { completed: 'View certificate', 'in-progress': 'Continue course', 'not-started': 'Start course' }[status];
        list.push({
          id: course.id,
          title: course.title,
          summary: course.summary,
          minutes: course.minutes,
          stepsDone,
          stepsTotal: course.steps.length,
          percent: Math.round((stepsDone / Math.max(course.steps.length, 1)) * 100),
          status,
          action,
          // Not started: the course's page, with what to expect and the Start button. Under way: straight back to it.
          href: { completed: coursePath(course.id, '/certificate'), 'in-progress': continueFrom(course.id, stepsDone, course.steps.length), 'not-started': coursePath(course.id, '/start') }[status],
          completedLate: enrolment.completed_late === true,
        });
      }
      return { referral, deadline: describeDeadline(referral.deadline, clock.now()), courses: list, quickExit };
    },

    async open(learnerId: number, courseId: string): Promise<OpenCourse> {
      const found = await store.openCourse(learnerId, courseId);
      if (!found) throw new HttpError(403, NO_REFERRAL);
      const { referral, enrolment, saved } = found;
      if (!enrolment) throw notFound('course');
      const course = await versionFor(enrolment);
      return { referral, enrolment, course, saved };
    },

    /** The course's own page before it starts (and after, to find the way back in): what it is and what to do next. */
    overview(open: OpenCourse) {
      const { course, enrolment } = open;
      const status = enrolment.completed_at ? 'completed' : enrolment.course_version_id ? 'in-progress' : 'not-started';
      return {
        course: { id: course.id, title: course.title, summary: course.summary, minutes: course.minutes, modules: course.modules.map((module) => module.title) },
        status,
        stepsDone: Math.min(open.saved.size, course.steps.length),
        stepsTotal: course.steps.length,
        startAction: coursePath(course.id, '/start'),
        nextHref: nextPlace(open),
      };
    },

    /** Start (pinning the version the learner will keep) or resume, and say where to go. */
    async startOrResume(open: OpenCourse): Promise<string> {
      if (!open.enrolment.course_version_id) {
        const newest = await courses.newestVersion(open.enrolment.course_id);
        if (!newest) throw new HttpError(503, 'This course is not available right now. Please try again later.');
        await store.start(open.enrolment.id, newest.id, { referralId: open.referral.id, courseId: open.enrolment.course_id, title: newest.title });
        return stepPath(open.enrolment.course_id, 1);
      }
      return nextPlace(open);
    },

    /** A step a learner may see: any step already saved, or the first one not yet saved. */
    reachableStep(open: OpenCourse, stepNumber: number): RenderedStep | undefined {
      if (!open.enrolment.course_version_id) return undefined;
      if (stepNumber > firstUnfinishedStep(open.course, open.saved)) return undefined;
      return open.course.steps[stepNumber - 1];
    },

    async saveStep(open: OpenCourse, step: RenderedStep, body: Record<string, unknown>): Promise<{ errors: FieldErrors }> {
      if (open.enrolment.completed_at) return { errors: {} };
      const { answers, errors } = readAnswers(blocksOf(step), body);
      if (Object.keys(errors).length === 0) {
        await store.saveAnswers(open.enrolment.id, step.number, answers);
        open.saved.set(step.number, answers);
      }
      return { errors };
    },

    /** Answers the attitude test and so completes the course (late if past the deadline). */
    async completeWithAttitudeTest(open: OpenCourse, body: Record<string, unknown>): Promise<{ errors: FieldErrors }> {
      const errors: FieldErrors = {};
      const overall = body.overall;
      if (typeof overall !== 'string' || !ATTITUDE_OVERALL.includes(overall as AttitudeOverall)) {
        errors.overall = 'Choose how you feel about this course now';
      }
      const statements: Record<string, string> = {};
      for (const statement of open.course.attitudeStatements) {
        const answer = body[`statement-${statement.id}`];
        if (typeof answer !== 'string' || !(STATEMENT_RESPONSES as readonly string[]).includes(answer)) {
          errors[`statement-${statement.id}`] = `Choose an answer for "${statement.text}"`;
        } else statements[statement.id] = answer;
      }
      const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
      if (body.comment !== undefined && typeof body.comment !== 'string') errors.comment = 'Your comment must be text';
      if (comment.length > ATTITUDE_COMMENT_MAX) {
        errors.comment = `Your comment must be ${ATTITUDE_COMMENT_MAX.toLocaleString('en-GB')} characters or fewer`;
      }
      if (Object.keys(errors).length > 0) return { errors };
      // The titles of the versions the referral's courses are on, read before the transaction (the embedded engine's one connection is held by it).
      const titles = new Map<number, string>();
      for (const enrolment of await store.enrolmentsOf(open.referral.id)) {
        const version = enrolment.course_version_id === null ? undefined : await courses.renderedVersion(enrolment.course_version_id);
        if (version) titles.set(enrolment.course_version_id!, version.title);
      }
      await store.complete(
        open.enrolment.id,
        { overall: overall as string, comment: comment || null, statements },
        isLate(open.referral.deadline, clock.now()),
        { referralId: open.referral.id, courseId: open.enrolment.course_id, title: open.course.title },
        (versionId) => (versionId === null ? null : (titles.get(versionId) ?? null)),
      );
      return { errors };
    },

    allStepsDone: (open: OpenCourse) => firstUnfinishedStep(open.course, open.saved) > open.course.steps.length,
    attitudeResponse: (open: OpenCourse) => store.attitudeResponse(open.enrolment.id),
  };
}

export type JourneyService = ReturnType<typeof journeyService>;
