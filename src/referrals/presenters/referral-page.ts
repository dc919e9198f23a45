import type { Person } from '../../learning/account-service';
import type { CourseProgress } from '../../learning/enrolment-service';
import { dateInWords, describeDeadline, type DeadlineInWords, londonDate, londonDayInWords, longDate } from '../../time/london';
import { removedOn } from '../anonymised';
import { allowedActions, disposalLabel, type Referral, type ReferralAction, type ReferralEvent, type ReoffendingCheck, STATUS_LABELS } from '../model';

/** Each timeline event in words. */
const EVENT_WORDS: Record<string, (details: Record<string, unknown>) => string> = {
  referred: (d) => `Referred, deadline ${longDate(String(d.deadline))}`,
  letter_emailed: () => 'Referral letter emailed to the person',
  first_sign_in: () => 'Signed in for the first time',
  course_started: (d) => `Started ${d.course ?? 'a course'}`,
  course_completed: (d) => `Completed ${d.course ?? 'a course'}${d.late ? ' (late)' : ''}; attitude test: ${d.attitude}`,
  referral_completed: (d) => `Everything completed${d.late ? ', after the deadline' : ''}`,
  reminder_sent: (d) => `Reminder emailed (${d.kind === 'one-day' ? '1 day' : '7 days'} before the deadline)`,
  overdue: () => 'Deadline passed without completion: overdue',
  deadline_extended: (d) => `Deadline extended from ${longDate(String(d.from))} to ${longDate(String(d.to))}. Reason: ${d.reason}`,
  withdrawn: (d) => `Withdrawn. Reason: ${d.reason}`,
  access_reset: () => 'Access reset: a new access code and letter; the old code and password no longer work',
  course_added: (d) => `Course added: ${d.course}`,
  details_corrected: () => 'Personal details corrected',
  reoffending_check: (d) => `Re-offending check on ${dateInWords(String(d.checkedOn))}: ${d.reoffended ? 're-offended' : 'no re-offence'}`,
  contact_request_handled: (d) => `Contact request handled: ${d.outcome}`,
  reoffending_check_corrected: (d) => {
    const from = (d.from ?? {}) as Record<string, unknown>;
    return `Re-offending check on ${dateInWords(String(from.checkedOn))} corrected: now ${dateInWords(String(d.checkedOn))}, ${d.reoffended ? 're-offended' : 'no re-offence'}. Reason: ${d.reason}`;
  },
  reoffending_check_voided: (d) => `Re-offending check on ${dateInWords(String(d.checkedOn))} voided: no longer counted. Reason: ${d.reason}`,
  personal_data_removed: (d) => `Personal data removed, ${d.retentionDays} days after the referral closed: figures for reports are kept`,
};

export const eventInWords = (event: Pick<ReferralEvent, 'type' | 'details'>) => (EVENT_WORDS[event.type] ?? (() => event.type))(event.details);

const LONDON = { timeZone: 'Europe/London' } as const;
const dateAndTime = (at: Date) => at.toLocaleString('en-GB', { ...LONDON, dateStyle: 'medium', timeStyle: 'short' });

/** What the referral page shows, and which of its actions it offers. */
export interface ReferralPage {
  referral: Pick<Referral, 'publicId' | 'reference' | 'completedLate' | 'officerName' | 'officerEmail' | 'withdrawalReason'>;
  person: Pick<Person, 'name' | 'dateOfBirth' | 'email' | 'phone' | 'preferredLanguage' | 'supportNeeds'>;
  statusLabel: string;
  disposal: string;
  deadline: DeadlineInWords;
  courses: { title: string; progressWords: string; completedWords: string; attitudeWords: string }[];
  timeline: { iso: string; when: string; words: string; actor: string | null }[];
  /** Every check in words, those that no longer count included (said so). */
  checks: string[];
  /** The same checks, with where to correct or void each one that still counts (when the page may). */
  checkRows: CheckRow[];
  /** Courses that can still be added: the catalogue less those on the referral. */
  addable: { id: string; title: string }[];
  /** What this person may do to this referral now: the referral's state (model.ts's one rule) and who they are. */
  can: Record<ReferralAction | 'openRecord', boolean>;
  /** Set once retention has removed the person's details: the page says so and offers no action that needs them. */
  personalDataRemovedOn?: string;
}

/** A re-offending check on the page. */
export interface CheckRow {
  words: string;
  counts: boolean;
  correctHref?: string;
  voidHref?: string;
}

/** What the page needs of a check: older callers give only what was recorded, which counts. */
type Recorded = 'id' | 'checkedOn' | 'reoffended' | 'offenceDate';
export type CheckFacts = Pick<ReoffendingCheck, Recorded> & Partial<Omit<ReoffendingCheck, Recorded>>;

function checkWords(check: CheckFacts): string {
  const words = `${dateInWords(check.checkedOn)}: ${check.reoffended ? 'Re-offended' + (check.offenceDate ? ' (offence on ' + dateInWords(check.offenceDate) + ')' : '') : 'No re-offence'}`;
  if (check.voided) return `${words}. Voided on ${dateInWords(londonDate(check.voided.at))}: not counted. Reason: ${check.voided.reason}`;
  if (check.replacedById) return `${words}. Corrected: replaced by a later entry, not counted`;
  return check.correctedFromId ? `${words} (a correction)` : words;
}

/** Actions that are the provider's own: police never see them. */
const PROVIDER_ONLY: readonly ReferralAction[] = ['addNote', 'resetAccess'];

export function referralPage(facts: {
  referral: Referral;
  person: Person;
  progress: CourseProgress[];
  timeline: ReferralEvent[];
  checks: CheckFacts[];
  catalogue: { id: string; title: string }[];
  now: Date;
  providerStaff: boolean;
}): ReferralPage {
  const { referral, person, progress, providerStaff } = facts;
  const allowed = allowedActions(referral);
  const can = Object.fromEntries(Object.entries(allowed).map(([action, yes]) => [action, yes && (providerStaff || !PROVIDER_ONLY.includes(action as ReferralAction))]));
  return {
    referral: {
      publicId: referral.publicId,
      reference: referral.reference,
      completedLate: referral.completedLate,
      officerName: referral.officerName,
      officerEmail: referral.officerEmail,
      withdrawalReason: referral.withdrawalReason,
    },
    person: {
      name: person.name,
      dateOfBirth: dateInWords(person.dateOfBirth),
      email: person.email,
      phone: person.phone,
      preferredLanguage: person.preferredLanguage,
      supportNeeds: person.supportNeeds,
    },
    statusLabel: STATUS_LABELS[referral.status],
    disposal: disposalLabel(referral.disposalType),
    deadline: describeDeadline(referral.deadline, facts.now),
    courses: progress.map((course) => ({
      title: course.title,
      progressWords: `${Math.round(course.progress * 100)}%${course.status === 'not_started' ? ' (not started)' : ''}`,
      completedWords: course.completedAt ? londonDayInWords(course.completedAt) + (course.completedLate ? ' (late)' : '') : 'Not yet',
      attitudeWords: course.attitude ? course.attitude[0]!.toUpperCase() + course.attitude.slice(1) : 'Not yet',
    })),
    timeline: facts.timeline.map((event) => ({ iso: event.at.toISOString(), when: dateAndTime(event.at), words: eventInWords(event), actor: event.actor })),
    checks: facts.checks.map(checkWords),
    checkRows: facts.checks.map((check) => {
      const counts = !check.voided && !check.replacedById;
      const href = `/referrals/${referral.publicId}/reoffending-checks/${check.id}`;
      const actions = counts && can.recordReoffendingCheck ? { correctHref: `${href}/correct`, voidHref: `${href}/void` } : {};
      return { words: checkWords(check), counts, ...actions };
    }),
    addable: facts.catalogue.filter((course) => !progress.some((p) => p.id === course.id)).map((course) => ({ id: course.id, title: course.title })),
    can: { ...(can as Record<ReferralAction, boolean>), openRecord: providerStaff },
    personalDataRemovedOn: referral.personalDataRemovedAt ? removedOn(referral.personalDataRemovedAt) : undefined,
  };
}
