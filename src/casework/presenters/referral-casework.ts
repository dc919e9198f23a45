import { londonDateTime } from '../../time/london';
import type { CaseNote, ContactBy, ContactRequest } from '../store';

/**
 * Casework's part of the referral page (provider staff only): the case notes, newest first, and the
 * open contact request, worded for views/referrals/show.ejs.
 */
export interface ReferralCasework {
  notes: { byline: string; text: string }[];
  contactRequest: { contactBy: string; message: string | null } | undefined;
}

/** As the referral page words it, inside a sentence: "(by phone or email)". */
const CONTACT_BY_WORDS: Record<ContactBy, string> = { phone: 'phone', email: 'email', either: 'phone or email' };

export function referralCasework(notes: CaseNote[], open: ContactRequest | undefined): ReferralCasework {
  return {
    notes: notes.map((note) => ({ byline: `${note.authorName}, ${londonDateTime(note.createdAt)}`, text: note.text })),
    contactRequest: open && { contactBy: CONTACT_BY_WORDS[open.contactBy], message: open.message },
  };
}
