/**
 * What stands where a person's details or words were, once retention has removed them. Each capability
 * that forgets a referral's personal data (see ./service) writes these, so the pages and exports of
 * every capability say the same thing.
 */
export const NAME_REMOVED = 'Personal data removed';
export const TEXT_REMOVED = 'Removed after the retention period';
/** The outcome of a contact request still open when the person's details go: nobody can contact them now. */
export const CONTACT_CLOSED = 'Closed: the person’s details were removed after the retention period';
export const RETENTION_ACTOR = 'Pathways (retention)';

/** When retention ran, and the period it applied: what the capabilities record alongside what they removed. */
export interface Removal {
  at: Date;
  retentionDays: number;
}
