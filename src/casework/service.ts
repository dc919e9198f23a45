import type { AuditTrail } from '../audit/trail';
import type { CourseService } from '../courses/service';
import type { Database } from '../db/database';
import { lockUnlessAnonymised } from '../referrals/anonymised';
import { learnerRecord } from './record';

export const CONTACT_BY = ['phone', 'email', 'either'] as const;
export type ContactBy = (typeof CONTACT_BY)[number];

export const NOTE_MAX = 4000;

/** Caseworkers' notes and the queue of learners who asked to be contacted. */
export function caseworkService(db: Database, courses: CourseService, audit: AuditTrail) {
  return {
    learnerRecord: (referralId: number) => learnerRecord(db, courses, referralId),

    notes: (referralId: number) => db('case_notes').where({ referral_id: referralId }).orderBy('id', 'desc'),

    /** Refused once the referral's personal data is removed: a note written then would never be. */
    async addNote(referral: { id: number }, author: { id: number; name: string }, text: string): Promise<void> {
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'note');
        await trx('case_notes').insert({ referral_id: referral.id, author_id: author.id, author: author.name, text });
      });
    },

    /** From the learner: the one open request for their referral is updated rather than repeated. */
    async requestContact(referralId: number, contactBy: ContactBy, message: string | null): Promise<void> {
      await db.transaction(async (trx) => {
        const open = await trx('contact_requests').where({ referral_id: referralId }).whereNull('handled_at').first('id');
        if (open) await trx('contact_requests').where({ id: open.id }).update({ contact_by: contactBy, message });
        else await trx('contact_requests').insert({ referral_id: referralId, contact_by: contactBy, message });
      });
    },

    /** The learner's referral, and the phone and email they can be contacted on, for the contact form. */
    contactDetails: (learnerId: number): Promise<{ id: number; phone: string | null; email: string | null } | undefined> =>
      db('referrals').join('learners', 'learners.id', 'referrals.learner_id').where('referrals.learner_id', learnerId).first('referrals.id', 'learners.phone', 'learners.email'),

    openRequest: (referralId: number) => db('contact_requests').where({ referral_id: referralId }).whereNull('handled_at').first(),

    /** Oldest first: whoever has waited longest is called first. */
    queue: () =>
      db('contact_requests')
        .join('referrals', 'referrals.id', 'contact_requests.referral_id')
        .join('learners', 'learners.id', 'referrals.learner_id')
        .join('forces', 'forces.id', 'referrals.force_id')
        .whereNull('contact_requests.handled_at')
        .orderBy('contact_requests.created_at')
        .select(
          'contact_requests.*',
          'referrals.public_id',
          'referrals.reference',
          'learners.name as learner_name',
          'learners.phone',
          'learners.email',
          'learners.preferred_language',
          'learners.support_needs',
          'forces.name as force_name',
        ),

    async markHandled(id: number, actor: { userId: number; name: string; ip?: string | null }, outcome: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        const updated = await trx('contact_requests').where({ id }).whereNull('handled_at').update({ handled_at: trx.fn.now(), handled_by: actor.name, outcome });
        if (updated === 0) return false;
        // What happened is on the request (retention removes it); the trail says only who handled it, and when.
        await audit.record(actor, { action: 'contact-request-handled', subjectType: 'contact-request', subjectId: id }, trx);
        return true;
      });
    },
  };
}

export type CaseworkService = ReturnType<typeof caseworkService>;
