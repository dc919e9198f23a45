import type { FieldErrors } from '../../forms/field-errors';
import { londonDateTime } from '../../time/london';
import { workingDaysSince } from '../../time/working-days';
import type { ContactBy, QueuedContactRequest } from '../store';

export const CONTACT_BY_LABELS: Record<ContactBy, string> = { phone: 'Phone', email: 'Email', either: 'Phone or email' };

export interface ContactRequestsPage {
  title: string;
  notice: string | undefined;
  errors: FieldErrors;
  requests: {
    id: number;
    headingId: string;
    learnerName: string;
    forceName: string;
    referralHref: string;
    reference: string;
    askedAt: string;
    /** "Asked today", "Waiting 1 working day", … (England and Wales working days). */
    waiting: string;
    /** Waiting longer than the 2 working days the service aims to answer in. */
    waitingTooLong: boolean;
    /** "Picked up by Alex Smith, 2 Dec 2026, 10:04", or null while nobody has it. */
    pickedUp: string | null;
    pickUpAction: string;
    contactBy: string;
    phone: string;
    email: string;
    /** Shown only when the person gave one. */
    language: string | null;
    supportNeeds: string | null;
    message: string;
    /** The outcome box's id and the key of its error: one form per request on the page. */
    outcomeField: string;
    handledAction: string;
  }[];
}

/** Learners who ask to be contacted should hear from someone within this many working days. */
export const ANSWER_WITHIN_WORKING_DAYS = 2;

export function waitingWords(days: number): string {
  if (days === 0) return 'Asked today';
  return `Waiting ${days} working day${days === 1 ? '' : 's'}`;
}

/** The caseworkers' queue of learners waiting to be contacted, longest waiting first (the order it is given in). */
export function contactRequestsPage(requests: QueuedContactRequest[], page: { now: Date; notice?: string; errors?: FieldErrors }): ContactRequestsPage {
  return {
    title: 'Contact requests',
    notice: page.notice,
    errors: page.errors ?? {},
    requests: requests.map((request) => presentRequest(request, page.now)),
  };
}

function presentRequest(request: QueuedContactRequest, now: Date): ContactRequestsPage['requests'][number] {
  const waited = workingDaysSince(request.createdAt, now);
  return {
    id: request.id,
    headingId: `request-${request.id}`,
    learnerName: request.learnerName,
    forceName: request.forceName,
    referralHref: `/referrals/${request.referralPublicId}`,
    reference: request.reference,
    askedAt: londonDateTime(request.createdAt),
    waiting: waitingWords(waited),
    waitingTooLong: waited > ANSWER_WITHIN_WORKING_DAYS,
    pickedUp: request.pickedUpBy && request.pickedUpAt ? `Picked up by ${request.pickedUpBy}, ${londonDateTime(request.pickedUpAt)}` : null,
    pickUpAction: `/casework/contact-requests/${request.id}/pick-up`,
    contactBy: CONTACT_BY_LABELS[request.contactBy],
    phone: request.phone || 'Not given',
    email: request.email || 'Not given',
    language: request.preferredLanguage || null,
    supportNeeds: request.supportNeeds || null,
    message: request.message || 'None',
    outcomeField: `outcome-${request.id}`,
    handledAction: `/casework/contact-requests/${request.id}/handled`,
  };
}
