import { longDate } from '../time/london';

/** What the force is told about: the names force systems subscribe to. */
export type ForceEvent =
  | 'referral.started'
  | 'course.completed'
  | 'referral.completed'
  | 'referral.overdue'
  | 'referral.withdrawn'
  | 'deadline.extended';

interface CourseNamed {
  id: string;
  title: string | null;
}

/**
 * The facts that go with each event. They are the webhook's `data` exactly as force systems already
 * read it (field names are part of the API), and what the email puts into words.
 */
export interface ForceEventData {
  'referral.started': { course: CourseNamed };
  'course.completed': { course: CourseNamed & { attitude: string; late: boolean } };
  'referral.completed': { late: boolean; courses: (CourseNamed & { attitude: string | null })[] };
  'referral.overdue': { deadline: string };
  'referral.withdrawn': { reason: string };
  'deadline.extended': { previousDeadline: string; deadline: string; reason: string };
}

/** Who the email is about and where the referral page is. */
export interface EmailedReferral {
  publicId: string;
  reference: string;
  /** Missing once the person's details are removed: the email then says "the person referred". */
  personName: string | null | undefined;
}

export interface ForceEmail {
  subject: string;
  text: string;
}

const SUBJECTS: Record<ForceEvent, (reference: string) => string> = {
  'referral.started': (reference) => `course started on referral ${reference}`,
  'course.completed': (reference) => `a course completed on referral ${reference}`,
  'referral.completed': (reference) => `referral ${reference} completed`,
  'referral.overdue': (reference) => `referral ${reference} missed its deadline`,
  'referral.withdrawn': (reference) => `referral ${reference} withdrawn`,
  'deadline.extended': (reference) => `deadline moved for referral ${reference}`,
};

const titleOf = (course: CourseNamed) => course.title ?? 'a course';
const inTime = (late: boolean) => (late ? 'after the deadline' : 'on time');
const reasonGiven = (reason: string) => `Reason given: ${reason.trim().replace(/[.\s]+$/, '')}.`;

/** One plain sentence (or two, with a reason) per event, for a police officer to read. */
function sentences<E extends ForceEvent>(event: E, data: ForceEventData[E], who: string): string {
  switch (event) {
    case 'referral.started': {
      const { course } = data as ForceEventData['referral.started'];
      return `${who} has started their course: ${titleOf(course)}.`;
    }
    case 'course.completed': {
      const { course } = data as ForceEventData['course.completed'];
      return `${who} has completed ${titleOf(course)}, ${inTime(course.late)}. Their attitude test at the end was ${course.attitude}.`;
    }
    case 'referral.completed': {
      const { late, courses } = data as ForceEventData['referral.completed'];
      const titles = courses.map(titleOf).join(', ');
      return `${who} has completed everything on their referral, ${inTime(late)}. Courses completed: ${titles}.`;
    }
    case 'referral.overdue': {
      const { deadline } = data as ForceEventData['referral.overdue'];
      return `${who} has missed the deadline of ${longDate(deadline)}. Whether to take any action is the force's decision.`;
    }
    case 'referral.withdrawn': {
      const { reason } = data as ForceEventData['referral.withdrawn'];
      return `The referral for ${who} has been withdrawn. ${reasonGiven(reason)}`;
    }
    case 'deadline.extended': {
      const { previousDeadline, deadline, reason } = data as ForceEventData['deadline.extended'];
      return `The deadline for ${who} was moved from ${longDate(previousDeadline)} to ${longDate(deadline)}. ${reasonGiven(reason)}`;
    }
  }
  throw new Error(`No words for the event ${String(event)}`);
}

/** The email a force's officer and hub get for an event: a sentence and a link, no field names or ISO dates. */
export function forceEmail<E extends ForceEvent>(event: E, data: ForceEventData[E], referral: EmailedReferral, publicUrl: string): ForceEmail {
  const who = `${referral.personName || 'the person referred'} (reference ${referral.reference})`;
  const sentence = sentences(event, data, who);
  return {
    subject: `Pathways: ${SUBJECTS[event](referral.reference)}`,
    text: [
      sentence[0]!.toUpperCase() + sentence.slice(1),
      '',
      `See the referral and its timeline: ${publicUrl}/referrals/${referral.publicId}`,
    ].join('\n'),
  };
}
