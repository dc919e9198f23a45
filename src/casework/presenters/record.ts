import type { Block } from '../../courses/model';
import type { CourseTaken, StepTaken } from '../../learning/record-service';
import { londonDateTime } from '../../time/london';
import type { ContactRequest } from '../store';
import { CONTACT_BY_LABELS } from './contact-requests';

/** One answer as the caseworker reads it: the question, and the learner's words or choice. */
export interface AnswerShown {
  prompt: string;
  /** The learner's words, or the option they chose and whether it was right; one line per item of a plan. */
  lines: string[];
}

export interface RecordPage {
  title: string;
  backHref: string;
  learnerName: string;
  reference: string;
  courses: {
    headingId: string;
    title: string;
    /** "version 2"; null before the learner starts (no version is pinned yet). */
    versionLabel: string | null;
    started: string;
    completed: string;
    notStarted: boolean;
    steps: { number: number; title: string; status: string; answers: AnswerShown[] }[];
    attitude: { overall: string; statements: { text: string; answer: string }[]; comment: string } | null;
  }[];
  /** The learner's requests to be contacted, newest first, and what happened to each. */
  contactRequests: { askedAt: string; contactBy: string; message: string; outcome: string }[];
}

const NO_ANSWER = 'No answer';
const OVERALL = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' } as const;

const when = (at: Date | null) => (at ? londonDateTime(at) : 'Not yet');

/** A block and what the learner saved for it, in words: a choice says whether it was right, a plan lists its items. */
export function answerShown(block: Block, answer: unknown): AnswerShown {
  if (block.kind === 'choice') {
    const option = typeof answer === 'number' ? block.options[answer] : undefined;
    return { prompt: block.prompt, lines: [option ? `${option.text} (${option.correct ? 'right' : 'not the right answer'})` : NO_ANSWER] };
  }
  if (block.kind === 'reflection') return { prompt: block.prompt, lines: [typeof answer === 'string' ? answer : NO_ANSWER] };
  const plan = (answer ?? {}) as Record<string, string>;
  return { prompt: block.prompt, lines: block.items.map((item) => `${item.label}: ${plan[item.id] ?? NO_ANSWER}`) };
}

const stepShown = (step: StepTaken) => ({
  number: step.number,
  title: step.title,
  status: step.savedAt ? `done ${londonDateTime(step.savedAt)}` : 'not done yet',
  answers: step.answers.map(({ block, answer }) => answerShown(block, answer)),
});

/** The learner's record page: their own words, course by course. For caseworkers and admins, never police. */
export function recordPage(referral: { publicId: string; reference: string }, learnerName: string, record: CourseTaken[], contactRequests: ContactRequest[] = []): RecordPage {
  return {
    title: `Record of ${learnerName}`,
    backHref: `/referrals/${referral.publicId}`,
    learnerName,
    reference: referral.reference,
    courses: record.map((course, index) => ({
      headingId: `course-${index}`,
      title: course.title,
      versionLabel: course.version ? `version ${course.version}` : null,
      started: when(course.startedAt),
      completed: when(course.completedAt) + (course.completedLate ? ' (after the deadline)' : ''),
      notStarted: course.steps.length === 0,
      steps: course.steps.map(stepShown),
      attitude: course.attitude && {
        overall: OVERALL[course.attitude.overall] ?? course.attitude.overall,
        statements: course.attitude.statements.map((statement) => ({ text: statement.text, answer: statement.answer ?? NO_ANSWER })),
        comment: course.attitude.comment || 'None',
      },
    })),
    contactRequests: contactRequests.map((request) => ({
      askedAt: londonDateTime(request.createdAt),
      contactBy: CONTACT_BY_LABELS[request.contactBy],
      message: request.message || 'None',
      outcome: request.handledAt ? `Handled by ${request.handledBy ?? 'a caseworker'}, ${londonDateTime(request.handledAt)}: ${request.outcome ?? ''}` : 'Waiting in the queue',
    })),
  };
}
