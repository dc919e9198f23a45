import type { FieldErrors } from '../../forms/field-errors';
import type { ContactFormValues } from '../input';
import type { ContactBy } from '../store';

export interface ContactFormPage {
  title: string;
  /** The request went in: the page says someone will get in touch, and shows no form. */
  sent: boolean;
  errors: FieldErrors;
  options: { value: ContactBy; id: string; label: string; checked: boolean }[];
  message: string;
}

/**
 * The learner's "Ask someone to contact you" form: the ways to be contacted, each with the number or
 * address it would use, and what they chose or typed (or their open request, to change it).
 */
export function contactFormPage(form: {
  contact: { phone: string | null; email: string | null } | undefined;
  values: ContactFormValues;
  errors?: FieldErrors;
  sent?: boolean;
}): ContactFormPage {
  const withDetail = (label: string, detail: string | null | undefined) => (detail ? `${label} (${detail})` : label);
  const options: { value: ContactBy; label: string }[] = [
    { value: 'phone', label: withDetail('Phone', form.contact?.phone) },
    { value: 'email', label: withDetail('Email', form.contact?.email) },
    { value: 'either', label: 'Either is fine' },
  ];
  return {
    title: 'Ask someone to contact you',
    sent: form.sent ?? false,
    errors: form.errors ?? {},
    options: options.map((option) => ({ ...option, id: `contactBy-${option.value}`, checked: form.values.contactBy === option.value })),
    message: form.values.message,
  };
}
