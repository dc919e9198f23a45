import type { PersonDetails } from '../learning/account-service';
/** The out-of-court disposals a referral can come from, as stored and as force systems send them. */
export const DISPOSALS = [
  { value: 'community-resolution', api: 'community_resolution', label: 'Community Resolution' },
  { value: 'conditional-caution', api: 'conditional_caution', label: 'Conditional Caution' },
  { value: 'diversionary-caution', api: 'diversionary_caution', label: 'Diversionary Caution' },
  { value: 'community-caution', api: 'community_caution', label: 'Community Caution' },
] as const;

export type DisposalType = (typeof DISPOSALS)[number]['value'];
export type DeadlineDays = Record<DisposalType, number>;

export const disposalLabel = (value: string) => DISPOSALS.find((d) => d.value === value)?.label ?? value;
export const disposalFromApi = (api: string) => DISPOSALS.find((d) => d.api === api)?.value;
export const disposalToApi = (value: string) => DISPOSALS.find((d) => d.value === value)?.api ?? value;

export const STATUSES = ['referred', 'in_progress', 'completed', 'overdue', 'withdrawn'] as const;
export type ReferralStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  referred: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  withdrawn: 'Withdrawn',
};

/** A referral as it is asked for, by the form or the API, once checked: the person (learning's words for them) and the referral. */
export interface NewReferral extends PersonDetails {
  reference: string;
  disposalType: DisposalType;
  courses: string[];
  deadline: string | null;
  officerName: string;
  officerEmail: string | null;
  notes: string | null;
}

/** Which referrals someone may see: one force's, or (provider staff) every force's. */
export type Scope = { forceId: number } | { allForces: true };

/** A police user sees their own force's referrals; provider staff (no force) see every force's. */
export const scopeOf = (user: { forceId: number | null }): Scope => (user.forceId === null ? { allForces: true } : { forceId: user.forceId });

/** Who did something, as the timeline says it. */
export interface Actor {
  label: string;
  userId?: number;
}

/** A new force's default deadlines: Community Resolution 28 days, Conditional Caution 16 weeks, and the 2022 framework's equivalents. */
export const DEFAULT_DEADLINE_DAYS: DeadlineDays = {
  'community-resolution': 28,
  'conditional-caution': 112,
  'diversionary-caution': 112,
  'community-caution': 28,
};

/** Why a referral is withdrawn: a reason from the list, with words of the user's own for "Other". */
export const WITHDRAWAL_REASONS = [
  { value: 'completed-elsewhere', label: 'Completed the intervention elsewhere' },
  { value: 'moved-away', label: 'Moved away' },
  { value: 'not-suitable', label: 'Not suitable for an online course' },
  { value: 'duplicate', label: 'Duplicate referral' },
  { value: 'charged', label: 'Disposal changed: charged or dealt with another way' },
  { value: 'other', label: 'Other' },
] as const;

/** A referral, as the referrals store gives it (src/referrals/store/referrals.ts maps the row). */
export interface Referral {
  id: number;
  publicId: string;
  forceId: number;
  learnerId: number;
  reference: string;
  disposalType: string;
  /** The London day by which everything must be done, YYYY-MM-DD. */
  deadline: string;
  status: ReferralStatus;
  referredAt: Date;
  completedAt: Date | null;
  completedLate: boolean | null;
  overdueAt: Date | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  officerName: string | null;
  officerEmail: string | null;
  notes: string | null;
  requestFingerprint: string | null;
  updatedAt: Date;
  /** Set by retention: the person's details are gone, and nothing that needs them can be done (see ./anonymised). */
  personalDataRemovedAt: Date | null;
}

/** A line of the referral's timeline. */
export interface ReferralEvent {
  id: number;
  referralId: number;
  type: string;
  details: Record<string, unknown>;
  actor: string | null;
  at: Date;
}

/** A re-offending check the force recorded. */
export interface ReoffendingCheck {
  id: number;
  referralId: number;
  checkedOn: string;
  reoffended: boolean;
  offenceDate: string | null;
  recordedBy: string | null;
  /** When it was recorded: for a correction, when the correction was made. */
  recordedAt: Date;
  /** A correction: the check it replaces, and why. */
  correctedFromId: number | null;
  correctionReason: string | null;
  /** Replaced by a correction: kept, but no longer counted. */
  replacedById: number | null;
  /** Voided: kept, but no longer counted. */
  voided: { at: Date; by: string | null; reason: string } | null;
}

/** A check the reports count: neither voided nor replaced by a correction. */
export const checkCounts = (check: Pick<ReoffendingCheck, 'replacedById' | 'voided'>) => check.replacedById === null && check.voided === null;

/** What staff can do to a referral, as the referral page offers it. */
export const REFERRAL_ACTIONS = ['correctDetails', 'printLetter', 'extendDeadline', 'addCourse', 'resendLetter', 'withdraw', 'resetAccess', 'addNote', 'recordReoffendingCheck'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Why an action cannot be done to a referral now. */
export type ActionRefusal = 'personal-data-removed' | 'withdrawn' | 'completed';

/** The actions that need the person's details: none once retention has removed them (./anonymised). */
const NEEDS_THE_PERSON: readonly ReferralAction[] = ['correctDetails', 'printLetter', 'extendDeadline', 'addCourse', 'resendLetter', 'withdraw', 'resetAccess', 'addNote'];
/** Nothing is left to change once a referral is withdrawn; re-offending checks and notes go on. */
const ENDED_BY_WITHDRAWAL: readonly ReferralAction[] = ['correctDetails', 'extendDeadline', 'addCourse', 'resendLetter', 'withdraw', 'resetAccess'];
/** A completed referral leaves the person nothing to sign in for: no new code. */
const ENDED_BY_COMPLETION: readonly ReferralAction[] = ['resetAccess'];

/**
 * Why the referral's state refuses the action, or undefined when it may be done: the one place that
 * decides it, for the referral page (which offers only what is allowed) and for the routes and
 * services that refuse. The most important reason comes first: personal data removed, then withdrawn.
 */
export function refusalOf(referral: Pick<Referral, 'status' | 'personalDataRemovedAt'>, action: ReferralAction): ActionRefusal | undefined {
  if (referral.personalDataRemovedAt && NEEDS_THE_PERSON.includes(action)) return 'personal-data-removed';
  if (referral.status === 'withdrawn' && ENDED_BY_WITHDRAWAL.includes(action)) return 'withdrawn';
  if (referral.status === 'completed' && ENDED_BY_COMPLETION.includes(action)) return 'completed';
  return undefined;
}

/** Each action, and whether the referral's state allows it now. */
export function allowedActions(referral: Pick<Referral, 'status' | 'personalDataRemovedAt'>): Record<ReferralAction, boolean> {
  return Object.fromEntries(REFERRAL_ACTIONS.map((action) => [action, refusalOf(referral, action) === undefined])) as Record<ReferralAction, boolean>;
}
