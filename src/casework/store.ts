import type { Knex } from 'knex';
import { CONTACT_CLOSED, RETENTION_ACTOR, type Removal, TEXT_REMOVED } from '../retention/removed';

/**
 * The only code that touches casework's tables, `case_notes` and `contact_requests`. Every function
 * takes the database or the caller's transaction first and answers in camelCase: no row leaves here.
 */

export const CONTACT_BY = ['phone', 'email', 'either'] as const;
export type ContactBy = (typeof CONTACT_BY)[number];

/** What a caseworker wrote about a person, and who wrote it. */
export interface CaseNote {
  id: number;
  referralId: number;
  authorId: number | null;
  /** The author's name as it was when they wrote the note. */
  authorName: string;
  text: string;
  createdAt: Date;
}

/** A learner's "I would like someone to contact me"; open until a caseworker says what happened. */
export interface ContactRequest {
  id: number;
  referralId: number;
  contactBy: ContactBy;
  message: string | null;
  createdAt: Date;
  handledAt: Date | null;
  handledBy: string | null;
  outcome: string | null;
  /** Who said "I'll handle this", and when; null while nobody has. */
  pickedUpBy: string | null;
  pickedUpAt: Date | null;
}

/** An open request as the queue shows it: with the referral, the person and how to reach them, and the force. */
export interface QueuedContactRequest extends ContactRequest {
  referralPublicId: string;
  reference: string;
  learnerName: string;
  phone: string | null;
  email: string | null;
  preferredLanguage: string | null;
  supportNeeds: string | null;
  forceName: string;
}

interface CaseNoteRow {
  id: number;
  referral_id: number;
  author_id: number | null;
  author: string;
  text: string;
  created_at: Date;
}

interface ContactRequestRow {
  id: number;
  referral_id: number;
  contact_by: ContactBy;
  message: string | null;
  created_at: Date;
  handled_at: Date | null;
  handled_by: string | null;
  outcome: string | null;
  picked_up_by: string | null;
  picked_up_at: Date | null;
}

type QueuedContactRequestRow = ContactRequestRow & {
  public_id: string;
  reference: string;
  learner_name: string;
  phone: string | null;
  email: string | null;
  preferred_language: string | null;
  support_needs: string | null;
  force_name: string;
};

const toCaseNote = (row: CaseNoteRow): CaseNote => ({
  id: row.id,
  referralId: row.referral_id,
  authorId: row.author_id,
  authorName: row.author,
  text: row.text,
  createdAt: row.created_at,
});

const toContactRequest = (row: ContactRequestRow): ContactRequest => ({
  id: row.id,
  referralId: row.referral_id,
  contactBy: row.contact_by,
  message: row.message,
  createdAt: row.created_at,
  handledAt: row.handled_at,
  handledBy: row.handled_by,
  outcome: row.outcome,
  pickedUpBy: row.picked_up_by,
  pickedUpAt: row.picked_up_at,
});

/** Newest first, as the referral page lists them. */
export async function caseNotesOf(db: Knex, referralId: number): Promise<CaseNote[]> {
  const rows: CaseNoteRow[] = await db('case_notes').where({ referral_id: referralId }).orderBy('id', 'desc');
  return rows.map(toCaseNote);
}

export async function insertCaseNote(trx: Knex, note: { referralId: number; authorId: number; authorName: string; text: string }): Promise<void> {
  await trx('case_notes').insert({ referral_id: note.referralId, author_id: note.authorId, author: note.authorName, text: note.text });
}

/** The referral's one request not yet handled, if any. */
export async function openContactRequestOf(db: Knex, referralId: number): Promise<ContactRequest | undefined> {
  const row: ContactRequestRow | undefined = await db('contact_requests').where({ referral_id: referralId }).whereNull('handled_at').first();
  return row && toContactRequest(row);
}

export async function insertContactRequest(trx: Knex, request: { referralId: number; contactBy: ContactBy; message: string | null }): Promise<void> {
  await trx('contact_requests').insert({ referral_id: request.referralId, contact_by: request.contactBy, message: request.message });
}

export async function updateContactRequest(trx: Knex, id: number, request: { contactBy: ContactBy; message: string | null }): Promise<void> {
  await trx('contact_requests').where({ id }).update({ contact_by: request.contactBy, message: request.message });
}

/**
 * Every open request, oldest first, with what the caseworker needs to make the call. One statement
 * for the whole queue: the one read of referrals', learning's and forces' tables casework makes
 * (test/architecture/table-owners.test.ts allows it here and nowhere else in casework).
 */
export async function openContactRequests(db: Knex): Promise<QueuedContactRequest[]> {
  const rows: QueuedContactRequestRow[] = await db('contact_requests')
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
    );
  return rows.map((row) => ({
    ...toContactRequest(row),
    referralPublicId: row.public_id,
    reference: row.reference,
    learnerName: row.learner_name,
    phone: row.phone,
    email: row.email,
    preferredLanguage: row.preferred_language,
    supportNeeds: row.support_needs,
    forceName: row.force_name,
  }));
}

/** Every request the learner made for this referral, newest first: open and handled, with their outcomes. */
export async function contactRequestsOf(db: Knex, referralId: number): Promise<ContactRequest[]> {
  const rows: ContactRequestRow[] = await db('contact_requests').where({ referral_id: referralId }).orderBy('id', 'desc');
  return rows.map(toContactRequest);
}

/** "I'll handle this"; false when there is no such open request. */
export async function pickUpContactRequest(trx: Knex, id: number, pickedUpBy: string): Promise<boolean> {
  const updated = await trx('contact_requests').where({ id }).whereNull('handled_at').update({ picked_up_by: pickedUpBy, picked_up_at: trx.fn.now() });
  return updated > 0;
}

/** False when there is no such request, or it was already handled (by someone else, a moment ago). */
export async function markContactRequestHandled(trx: Knex, id: number, handledBy: string, outcome: string): Promise<{ referralId: number } | undefined> {
  const [row] = await trx('contact_requests').where({ id }).whereNull('handled_at').update({ handled_at: trx.fn.now(), handled_by: handledBy, outcome }).returning('referral_id');
  return row ? { referralId: row.referral_id as number } : undefined;
}

/**
 * Retention: case notes lose their text (who wrote them and when stay); contact requests lose the
 * message and the outcome, and one still open is closed by retention at the time it ran.
 */
export async function forgetCasework(trx: Knex, referralIds: number[], removal: Removal): Promise<void> {
  const ofTheseReferrals = 'referral_id = any(?::int[])';
  await trx('case_notes').whereRaw(ofTheseReferrals, [referralIds]).update({ text: TEXT_REMOVED });
  await trx('contact_requests')
    .whereRaw(ofTheseReferrals, [referralIds])
    .update({
      message: null,
      outcome: trx.raw('case when handled_at is null then ? when outcome is null then null else ? end', [CONTACT_CLOSED, TEXT_REMOVED]),
      handled_by: trx.raw('case when handled_at is null then ? else handled_by end', [RETENTION_ACTOR]),
      handled_at: trx.raw('coalesce(handled_at, ?)', [removal.at]),
    });
}
