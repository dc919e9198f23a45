import type { ReferralStatus } from '../model';

/** The GOV.UK tag colour a referral's status is shown in on staff pages: red needs action, green is done. */
const TAG_CLASSES: Record<ReferralStatus, string> = {
  referred: 'govuk-tag govuk-tag--grey',
  in_progress: 'govuk-tag govuk-tag--blue',
  completed: 'govuk-tag govuk-tag--green',
  overdue: 'govuk-tag govuk-tag--red',
  withdrawn: 'govuk-tag govuk-tag--grey',
};

export const statusTagClass = (status: ReferralStatus): string => TAG_CLASSES[status];
