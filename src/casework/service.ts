import type { AuditTrail } from '../audit/trail';
import type { Database } from '../db/database';
import type { LearnerRecordService } from '../learning/record-service';
import { lockUnlessAnonymised } from '../referrals/anonymised';
import type { ReferralEvents } from '../referrals/events';
import {
  type CaseNote,
  caseNotesOf,
  type ContactBy,
  type ContactRequest,
  contactRequestsOf,
  insertCaseNote,
  insertContactRequest,
  markContactRequestHandled,
  openContactRequestOf,
  openContactRequests,
  pickUpContactRequest,
  updateContactRequest,
} from './store';

export { CONTACT_BY, type ContactBy } from './store';
/** Kept here too: the referral page's notices (src/referrals/notices.ts) name the limit. */
export { NOTE_MAX } from './input';

/** Caseworkers' notes and the queue of learners who asked to be contacted. */
export function caseworkService(db: Database, learnerRecords: LearnerRecordService, audit: AuditTrail, timeline: Pick<ReferralEvents, 'record'>) {
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

    /** Every request the learner made on this referral, newest first, with what happened (the learner record shows them). */
    contactRequests: (referralId: number): Promise<ContactRequest[]> => contactRequestsOf(db, referralId),

    /** "I'll handle this": the queue shows who has it, so two caseworkers do not call the same person. */
    async pickUp(id: number, actor: { userId: number; name: string; ip?: string | null }): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await pickUpContactRequest(trx, id, actor.name))) return false;
        await audit.record(actor, { action: 'contact-request-picked-up', subjectType: 'contact-request', subjectId: id }, trx);
        return true;
      });
    },

    /** Closes the request with what happened; the referral's timeline keeps it (retention removes the words, as it does the request's). */
    async markHandled(id: number, actor: { userId: number; name: string; ip?: string | null }, outcome: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        const handled = await markContactRequestHandled(trx, id, actor.name, outcome);
        if (!handled) return false;
        await timeline.record(trx, handled.referralId, 'contact_request_handled', { outcome }, { label: actor.name, userId: actor.userId });
        // What happened is on the request and the timeline (retention removes both); the trail says only who handled it, and when.
        await audit.record(actor, { action: 'contact-request-handled', subjectType: 'contact-request', subjectId: id }, trx);
        return true;
      });
    },
  };
}

export type CaseworkService = ReturnType<typeof caseworkService>;
