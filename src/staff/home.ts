import type { SignedInStaff } from './accounts';

/** Where each role starts after signing in (and where `/` sends them). */
export const homeOf = (user: SignedInStaff) => {
  if (user.role === 'admin' && !user.twoFactor) return '/account/two-factor';
  return user.role === 'author' ? '/authoring' : '/referrals';
};
