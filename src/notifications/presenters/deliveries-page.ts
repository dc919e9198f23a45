import { londonDateAndTime } from '../../time/london';
import { DELIVERY_STATUSES, type DeliveryStatus, type LoggedDelivery } from '../delivery-log';

export interface DeliveryPanel {
  /** For the panel's heading id. */
  id: number;
  heading: string;
  status: string;
  lastError: string | null;
  created: string;
  forceName: string | null;
  referral: { reference: string; href: string } | null;
  /** Emails only. A private email (a one-time password link) shows its subject, never its words. */
  email: { subject: string; text?: string } | null;
  redeliverHref?: string;
}

export interface DeliveriesPageView {
  statuses: { value: DeliveryStatus; label: string; selected: boolean }[];
  deliveries: DeliveryPanel[];
}

const capitalised = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/** The delivery log and outbox (views/admin/deliveries.ejs). Only admins may send a delivery again. */
export function deliveriesPage(deliveries: LoggedDelivery[], chosen: DeliveryStatus | undefined, canRedeliver: boolean): DeliveriesPageView {
  return {
    statuses: DELIVERY_STATUSES.map((value) => ({ value, label: capitalised(value), selected: value === chosen })),
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      heading: `${delivery.eventType}: ${delivery.channel === 'email' ? 'email' : 'webhook'} to ${delivery.recipient}`,
      status: `${delivery.status}, ${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`,
      lastError: delivery.lastError,
      created: londonDateAndTime(delivery.createdAt),
      forceName: delivery.forceName,
      referral: delivery.referral && { reference: delivery.referral.reference, href: `/referrals/${delivery.referral.publicId}` },
      email: delivery.channel === 'email' && 'subject' in delivery.content ? emailOf(delivery.content) : null,
      ...(canRedeliver ? { redeliverHref: `/admin/deliveries/${delivery.id}/redeliver` } : {}),
    })),
  };
}

const emailOf = (email: { subject: string; text: string; private?: boolean }) => (email.private ? { subject: email.subject } : { subject: email.subject, text: email.text });
