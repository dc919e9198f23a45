import type { AuditTrail } from '../audit/trail';
import type { Database } from '../db/database';
import type { LearnerRecordService } from '../learning/record-service';
import { lockUnlessAnonymised } from '../referrals/anonymised';
import {
  type CaseNote,
  caseNotesOf,
  type ContactBy,
  type ContactRequest,
  insertCaseNote,
  insertContactRequest,
  markContactRequestHandled,
  openContactRequestOf,
  openContactRequests,
  updateContactRequest,
} from './store';

export { CONTACT_BY, type ContactBy } from './store';
/** Kept here too: the referral page's notices (src/referrals/notices.ts) name the limit. */
export { NOTE_MAX } from './input';

/** Caseworkers' notes and the queue of learners who asked to be contacted. */
export function caseworkService(db: Database, learnerRecords: LearnerRecordService, audit: AuditTrail) {
  return {
    /** The learner's own work, course by course, from learning (see learning/record-service). */
    learnerRecord: (referralId: number) => learnerRecords.recordOf(referralId),

    caseNotes: (referralId: number): Promise<CaseNote[]> => caseNotesOf(db, referralId),


    /** Refused once the referral's personal data is removed: a note written then would never be. */
    async addNote(referral: { id: number }, author: { id: number; name: string }, text: string): Promise<void> {
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'note');
        await insertCaseNote(trx, { referralId: referral.id, authorId: author.id, authorName: author.name, text });
      });
    },

    /** From the learner: the one open request for their referral is updated rather than repeated. */
    async requestContact(referralId: number, contactBy: ContactBy, message: string | null): Promise<void> {
      await db.transaction(async (trx) => {
        const open = await openContactRequestOf(trx, referralId);
        if (open) await updateContactRequest(trx, open.id, { contactBy, message });
        else await insertContactRequest(trx, { referralId, contactBy, message });
      });
    },

    /** The learner's referral, and the phone and email they can be contacted on, for the contact form (from learning). */
    contactDetails: (learnerId: number) => learnerRecords.contactDetails(learnerId),

    openContactRequest: (referralId: number): Promise<ContactRequest | undefined> => openContactRequestOf(db, referralId),


    /** Oldest first: whoever has waited longest is called first. */
    queue: () => openContactRequests(db),

    async markHandled(id: number, actor: { userId: number; name: string; ip?: string | null }, outcome: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await markContactRequestHandled(trx, id, actor.name, outcome))) return false;
        // What happened is on the request (retention removes it); the trail says only who handled it, and when.
        await audit.record(actor, { action: 'contact-request-handled', subjectType: 'contact-request', subjectId: id }, trx);
        return true;
      });
    },
  };
}

export type CaseworkService = ReturnType<typeof caseworkService>;
