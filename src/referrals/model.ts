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

/** A referral as it is asked for, by the form or the API, once checked. */
export interface NewReferral {
  reference: string;
  disposalType: DisposalType;
  courses: string[];
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  preferredLanguage: string | null;
  supportNeeds: string | null;
  deadline: string | null;
  officerName: string;
  officerEmail: string | null;
  notes: string | null;
}

/** Which referrals someone may see: one force's, or (provider staff) every force's. */
export type Scope = { forceId: number } | { allForces: true };

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
