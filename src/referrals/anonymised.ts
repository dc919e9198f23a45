import { DomainError } from '../errors/domain-error';
import type { Knex } from 'knex';
import { londonDate, longDate } from '../time/london';
import type { Referral } from './model';
import { lockReferral } from './store/referrals';

/**
 * Once retention has removed a referral's personal data (`Referral.personalDataRemovedAt`),
 * nothing that needs the person's details can be done to it: there is nobody to write to, no code
 * to reset, nothing left to correct, and a note or an extension reason written now would never be
 * removed (retention does each referral once). Re-offending checks and reading the referral stay.
 *
 * Each such action, as the refusal starts.
 */
export const NEEDS_PERSONAL_DATA = {
  details: 'The person’s details cannot be corrected',
  letter: 'There is no letter to print or email',
  access: 'Access cannot be reset',
  extend: 'The deadline cannot be extended',
  withdraw: 'The referral cannot be withdrawn',
  course: 'A course cannot be added',
  note: 'A case note cannot be added',
} as const;
export type NeedsPersonalData = keyof typeof NEEDS_PERSONAL_DATA;

/** The day the details went, as the referral page says it: "1 September 2028". */
export const removedOn = (at: Date) => longDate(londonDate(at));

/** Thrown by a service or a route; pages answer 409 with the message, the API 409 `personal_data_removed`. */
export class PersonalDataRemoved extends DomainError {
  constructor(
    readonly removedAt: Date,
    readonly action: NeedsPersonalData,
  ) {
    super('personal_data_removed', `${NEEDS_PERSONAL_DATA[action]}: the person’s details were removed on ${removedOn(removedAt)}, after the retention period.`, 409);
  }
}

/** For a route, before it checks the form: the refusal that matters most comes first. */
export function refuseIfAnonymised(referral: Pick<Referral, 'personalDataRemovedAt'>, action: NeedsPersonalData): void {
  if (referral.personalDataRemovedAt) throw new PersonalDataRemoved(referral.personalDataRemovedAt, action);
}

/**
 * For a service, first in its transaction: locks the referral's row and refuses if its details are
 * gone, and gives the referral as it now is. The lock puts the action and a retention run one after the other: if retention went first,
 * the action sees its mark and is refused; if the action went first, retention removes what it wrote.
 */
export async function lockUnlessAnonymised(trx: Knex, referral: Pick<Referral, 'id'>, action: NeedsPersonalData): Promise<Referral> {
  const locked = await lockReferral(trx, referral.id);
  if (!locked) throw new Error(`No referral ${referral.id}`);
  if (locked.personalDataRemovedAt) throw new PersonalDataRemoved(locked.personalDataRemovedAt, action);
  return locked;
}
