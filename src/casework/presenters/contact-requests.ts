import type { FieldErrors } from '../../forms/field-errors';
import { londonDateTime } from '../../time/london';
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

/** The caseworkers' queue of learners waiting to be contacted, longest waiting first (the order it is given in). */
export function contactRequestsPage(requests: QueuedContactRequest[], page: { notice?: string; errors?: FieldErrors } = {}): ContactRequestsPage {
  return {
    title: 'Contact requests',
    notice: page.notice,
    errors: page.errors ?? {},
    requests: requests.map((request) => ({
      id: request.id,
      headingId: `request-${request.id}`,
      learnerName: request.learnerName,
      forceName: request.forceName,
      referralHref: `/referrals/${request.referralPublicId}`,
      reference: request.reference,
      askedAt: londonDateTime(request.createdAt),
      contactBy: CONTACT_BY_LABELS[request.contactBy],
      phone: request.phone || 'Not given',
      email: request.email || 'Not given',
      language: request.preferredLanguage || null,
      supportNeeds: request.supportNeeds || null,
      message: request.message || 'None',
      outcomeField: `outcome-${request.id}`,
      handledAction: `/casework/contact-requests/${request.id}/handled`,
    })),
  };
}
