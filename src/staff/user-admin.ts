import { DomainError } from '../errors/domain-error';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import type { Outbox } from '../notifications/deliveries';
import type { StaffRole } from '../http/roles';
import type { StaffUser } from './model';
import type { PasswordLinkService } from './password-links';
import { staffMail } from './staff-mail';
import * as store from './store';

export interface NewUser {
  name: string;
  email: string;
  role: StaffRole;
  forceId: number | null;
}

/** Two accounts cannot share an email address (sign-in and password links go by it). */
export class EmailTaken extends DomainError {
  constructor() {
    super('email_taken', 'There is already an account with this email address', 409, { field: 'email' });
  }
}

/** Admins make and disable staff and police accounts; a new person chooses their own password through a link. */
export function userAdminService(db: Database, passwordLinks: PasswordLinkService, outbox: Outbox, publicUrl: string, attempts: SignInAttempts) {
  const linkFor = (token: string) => `${publicUrl}/password/${token}`;

  return {
    /** Every account, the enabled first, then by name. */
    list: (): Promise<StaffUser[]> => store.listUsers(db),

    find: (id: number): Promise<StaffUser | undefined> => store.findUser(db, id),

    /** The account, and its set-password link (emailed, and returned to show the admin once). */
    async create(user: NewUser, invitedBy: string): Promise<{ id: number; link: string }> {
      if (await store.findUserByEmail(db, user.email)) throw new EmailTaken();
      return db.transaction(async (trx) => {
        const id = await store.insertUser(trx, user);
        const link = linkFor(await passwordLinks.create(trx, id, 'new-account'));
        await outbox.email(trx, { eventType: 'staff.new-account' }, staffMail.newAccount(user.email, user.name, link, invitedBy));
        return { id, link };
      });
    },

    /** A new link for someone who lost theirs or never got the email; the old one stops working. */
    async newLink(id: number, invitedBy: string): Promise<string> {
      return db.transaction(async (trx) => {
        const user = await store.findUser(trx, id);
        if (!user) throw new Error(`No user ${id}`);
        const link = linkFor(await passwordLinks.create(trx, id, user.passwordHash ? 'reset' : 'new-account'));
        const email = user.passwordHash ? staffMail.passwordReset(user.email, user.name, link) : staffMail.newAccount(user.email, user.name, link, invitedBy);
        await outbox.email(trx, { eventType: 'staff.password-link' }, email);
        return link;
      });
    },

    /** Disabled: signed out at once (their next request), no sign-in, no links. Enabled again: any lock ends too. */
    async setDisabled(id: number, disabled: boolean): Promise<void> {
      await db.transaction(async (trx) => {
        const email = await store.setDisabled(trx, id, disabled);
        if (email && !disabled) await attempts.clear(attempts.staffKey(email), trx);
      });
    },

    /** For a lost phone: they set two-factor up again at their next sign-in (admins must). */
    async resetTwoFactor(id: number): Promise<void> {
      await store.resetTwoFactor(db, id);
    },
  };
}

export type UserAdminService = ReturnType<typeof userAdminService>;
