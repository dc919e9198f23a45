import type { StaffUser } from '../../src/staff/model';
import { userPage, usersPage } from '../../src/staff/presenters/users-page';

const police: StaffUser = {
  id: 12,
  name: 'Sam Patel',
  email: 'sam.patel@westshire.police.test',
  role: 'police',
  forceId: 7,
  disabledAt: null,
  twoFactorSince: null,
  sessionVersion: 0,
  passwordHash: '$argon2id$…',
  totpSecretSealed: null,
};
const newCaseworker: StaffUser = { ...police, id: 13, name: 'Jo Reed', email: 'jo@provider.test', role: 'caseworker', forceId: null, passwordHash: null };
const leftAdmin: StaffUser = { ...police, id: 14, name: 'Al Khan', email: 'al@provider.test', role: 'admin', forceId: null, disabledAt: new Date('2026-05-01T10:00:00Z'), twoFactorSince: new Date('2026-01-05T09:00:00Z') };
const forces = [{ id: 7, name: 'Westshire Police' }];

describe('the user accounts pages, without HTTP', () => {
  test('when accounts are listed, then each says its role in words (with the force for police), two-factor and state', () => {
    expect(usersPage([police, newCaseworker, leftAdmin], forces).users).toEqual([
      { name: 'Sam Patel', href: '/admin/users/12', email: 'sam.patel@westshire.police.test', role: 'Police officer or OOCD hub, Westshire Police', twoFactor: 'Off', state: 'Active' },
      { name: 'Jo Reed', href: '/admin/users/13', email: 'jo@provider.test', role: 'Caseworker', twoFactor: 'Off', state: 'Waiting for a password' },
      { name: 'Al Khan', href: '/admin/users/14', email: 'al@provider.test', role: 'Admin', twoFactor: 'On', state: 'Disabled' },
    ]);
  });

  test('when an enabled account is shown to another admin, then a link can be sent and the account disabled', () => {
    expect(userPage(police, forces, false)).toEqual({
      name: 'Sam Patel',
      email: 'sam.patel@westshire.police.test',
      role: 'Police officer or OOCD hub, Westshire Police',
      state: 'Active',
      twoFactor: 'Off',
      passwordLinkHref: '/admin/users/12/password-link',
      switchOnOff: {
        href: '/admin/users/12/disable',
        label: 'Disable the account',
        hint: 'For someone who has left or moved role. They are signed out at once. Their name stays on the records they touched.',
      },
    });
  });

  test('when a disabled account with two-factor is shown, then no link is offered, two-factor can be reset and the account enabled', () => {
    const page = userPage(leftAdmin, forces, false);
    expect(page.state).toBe('Disabled');
    expect(page.passwordLinkHref).toBeUndefined();
    expect(page.resetTwoFactorHref).toBe('/admin/users/14/reset-two-factor');
    expect(page.switchOnOff).toEqual({ href: '/admin/users/14/enable', label: 'Enable the account' });
  });

  test('when admins look at their own account, then they cannot disable it; a new account waits for its password', () => {
    expect(userPage(newCaseworker, forces, true)).toMatchObject({ state: 'Waiting for them to choose a password', role: 'Caseworker' });
    expect(userPage(newCaseworker, forces, true).switchOnOff).toBeUndefined();
  });
});
