import type { StaffUser } from '../model';
import { ROLE_WORDS } from '../user-input';

/** The forces a user may belong to, by id, for their names. */
export type ForceNames = { id: number; name: string }[];

/** "Police officer or OOCD hub, North Police"; provider staff work across forces, so theirs is the role alone. */
const roleOf = (user: StaffUser, forces: ForceNames) => {
  const force = user.forceId === null ? undefined : forces.find((candidate) => candidate.id === user.forceId);
  return force ? `${ROLE_WORDS[user.role].label}, ${force.name}` : ROLE_WORDS[user.role].label;
};

const twoFactorOf = (user: StaffUser) => (user.twoFactorSince ? 'On' : 'Off');

export interface UserLine {
  name: string;
  href: string;
  email: string;
  role: string;
  twoFactor: 'On' | 'Off';
  state: string;
}

/** Every account (views/admin/users.ejs). */
export function usersPage(users: StaffUser[], forces: ForceNames): { users: UserLine[] } {
  return {
    users: users.map((user) => ({
      name: user.name,
      href: `/admin/users/${user.id}`,
      email: user.email,
      role: roleOf(user, forces),
      twoFactor: twoFactorOf(user),
      state: user.disabledAt ? 'Disabled' : user.passwordHash ? 'Active' : 'Waiting for a password',
    })),
  };
}

export interface UserPageView {
  name: string;
  email: string;
  role: string;
  state: string;
  twoFactor: 'On' | 'Off';
  /** Where each action the admin may take posts to; absent when it does not apply. */
  passwordLinkHref?: string;
  resetTwoFactorHref?: string;
  /** Disable or enable: never offered on an admin's own account. */
  switchOnOff?: { href: string; label: 'Disable the account' | 'Enable the account'; hint?: string };
}

/** One account's page (views/admin/user.ejs): who they are and what an admin can do for them. */
export function userPage(user: StaffUser, forces: ForceNames, isMe: boolean): UserPageView {
  const disabled = Boolean(user.disabledAt);
  return {
    name: user.name,
    email: user.email,
    role: roleOf(user, forces),
    state: disabled ? 'Disabled' : user.passwordHash ? 'Active' : 'Waiting for them to choose a password',
    twoFactor: twoFactorOf(user),
    ...(disabled ? {} : { passwordLinkHref: `/admin/users/${user.id}/password-link` }),
    ...(user.twoFactorSince ? { resetTwoFactorHref: `/admin/users/${user.id}/reset-two-factor` } : {}),
    ...(isMe
      ? {}
      : {
          switchOnOff: disabled
            ? { href: `/admin/users/${user.id}/enable`, label: 'Enable the account' as const }
            : {
                href: `/admin/users/${user.id}/disable`,
                label: 'Disable the account' as const,
                hint: 'For someone who has left or moved role. They are signed out at once. Their name stays on the records they touched.',
              },
        }),
  };
}
