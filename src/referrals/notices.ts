import { NOTE_MAX } from '../casework/service';
import { notices } from '../http/notices';
import { NEEDS_PERSONAL_DATA } from './anonymised';

const AFTER_RETENTION = 'the person’s details were removed after the retention period.';

/**
 * What the referral page can say after an action: its own, and casework's (notes, access resets),
 * which come back to it. The address carries the code (see http/notices), never the words.
 */
export const referralPageNotices = notices({
  'details-corrected': 'Details corrected.',
  'deadline-extended': 'Deadline extended. The force has been told.',
  withdrawn: 'Referral withdrawn. The force has been told.',
  'course-added': 'Course added.',
  'letter-resent': 'Letter emailed again.',
  'reoffending-check-recorded': 'Re-offending check recorded.',
  'reoffending-check-corrected': 'Re-offending check corrected: the correction replaces it in the reports.',
  'reoffending-check-voided': 'Re-offending check voided: the reports no longer count it.',
  'note-added': 'Note added.',
  'note-empty': 'Note not saved: Write the note first',
  'note-too-long': `Note not saved: A note must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`,
  'access-not-reset-withdrawn': 'Access not reset: the referral is withdrawn, so there is nothing left for them to do.',
  'access-not-reset-completed': 'Access not reset: the referral is completed, so there is nothing left for them to do.',
  // The page's own banner gives the day the details went.
  'access-refused-removed': `${NEEDS_PERSONAL_DATA.access}: ${AFTER_RETENTION}`,
  'note-refused-removed': `${NEEDS_PERSONAL_DATA.note}: ${AFTER_RETENTION}`,
});

export type ReferralPageNotice = Parameters<typeof referralPageNotices.redirect>[2];
