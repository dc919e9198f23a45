import { z } from 'zod';
import { webhookAddressProblem } from '../notifications/webhook-address';
import { fieldErrors, type FieldErrors } from '../forms/field-errors';
import { DISPOSALS, type DeadlineDays } from '../referrals/model';
import type { ForceSettings } from './service';

const days = (label: string) =>
  z.coerce
    .number({ error: `Enter the number of days for a ${label}` })
    .int(`The days for a ${label} must be a whole number`)
    .min(1, `The days for a ${label} must be at least 1`)
    .max(365, `The days for a ${label} must be 365 or fewer`);

const optional = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(schema.nullable());

/** The force settings form. Webhook addresses must use https in production, where they carry people's progress. */
export function forceSchema(production: boolean) {
  return z.object({
    name: z.string().trim().min(1, 'Enter the force’s name').max(100, 'The name must be 100 characters or fewer'),
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{2,10}$/, 'The short code must be 2 to 10 letters or numbers, like DEMO'),
    deadlineDays: z.object(Object.fromEntries(DISPOSALS.map((d) => [d.value, days(d.label)])) as Record<keyof DeadlineDays, ReturnType<typeof days>>),
    notificationEmail: optional(z.email('Enter the inbox as an email address, like oocd-hub@force.police.uk')),
    webhookUrl: optional(
      z.url({ protocol: production ? /^https$/ : /^https?$/, error: production ? 'Enter a webhook address that starts with https://' : 'Enter a webhook address like https://cases.force.police.uk/pathways' }),
    ),
    webhookSecret: z
      .string()
      .trim()
      .refine((value) => value === '' || value.length >= 24, 'The webhook secret must be at least 24 characters, or leave it empty to keep the current one')
      .refine((value) => value.length <= 200, 'The webhook secret must be 200 characters or fewer')
      .transform((value) => value || undefined),
  });
}

/**
 * Reads the form: `deadline-<disposal>` boxes become `deadlineDays`. Webhooks are always signed,
 * so a webhook address needs a secret: given now, or `hasSecret` already.
 */
export function forceFromForm(body: Record<string, unknown>, production: boolean, hasSecret = false): { value: ForceSettings } | { errors: FieldErrors } {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const parsed = forceSchema(production).safeParse({
    name: text('name'),
    code: text('code'),
    deadlineDays: Object.fromEntries(DISPOSALS.map((d) => [d.value, text(`deadline-${d.value}`)])),
    notificationEmail: text('notificationEmail'),
    webhookUrl: text('webhookUrl'),
    webhookSecret: text('webhookSecret'),
  });
  if (parsed.success && parsed.data.webhookUrl && !parsed.data.webhookSecret && !hasSecret) {
    return { errors: { webhookSecret: 'Enter a webhook secret of at least 24 characters: every webhook is signed with it' } };
  }
  if (parsed.success) return { value: parsed.data };
  return { errors: fieldErrors(parsed.error, (path) => path.replace(/^deadlineDays\./, 'deadline-')) };
}

/**
 * The form, and then where its webhook address leads (which needs DNS, so it is async): only to
 * servers on the public internet, unless `allowPrivateAddresses` (tests and development) is on.
 */
export async function checkedForceFromForm(
  body: Record<string, unknown>,
  options: { production: boolean; hasSecret?: boolean; allowPrivateAddresses: boolean },
): Promise<{ value: ForceSettings } | { errors: FieldErrors }> {
  const input = forceFromForm(body, options.production, options.hasSecret);
  if ('errors' in input || !input.value.webhookUrl) return input;
  const problem = await webhookAddressProblem(input.value.webhookUrl, { allowPrivateAddresses: options.allowPrivateAddresses });
  return problem ? { errors: { webhookUrl: problem } } : input;
}

export const apiKeyNameSchema = z.string().trim().min(1, 'Name the key after the system that will use it, like Niche RMS').max(100, 'The name must be 100 characters or fewer');
