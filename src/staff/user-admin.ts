import { endingEverySession } from '../auth/sessions';
import { DomainError } from '../errors/domain-error';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import type { Outbox } from '../notifications/deliveries';
import type { StaffRole } from '../http/roles';
import type { PasswordLinkService } from './password-links';
import { staffMail } from './staff-mail';

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
    list: () =>
      db('users')
        .leftJoin('forces', 'forces.id', 'users.force_id')
        .orderBy([{ column: 'users.disabled_at', order: 'desc', nulls: 'first' }, 'users.name'])
        .select('users.id', 'users.name', 'users.email', 'users.role', 'users.disabled_at', 'users.totp_enabled_at', 'users.password_hash', 'forces.name as force_name'),

    find: (id: number) => db('users').leftJoin('forces', 'forces.id', 'users.force_id').where('users.id', id).first('users.*', 'forces.name as force_name'),

    /** The account, and its set-password link (emailed, and returned to show the admin once). */
    async create(user: NewUser, invitedBy: string): Promise<{ id: number; link: string }> {
      const taken = await db('users').whereRaw('lower(email) = ?', [user.email.toLowerCase()]).first('id');
      if (taken) throw new EmailTaken();
      return db.transaction(async (trx) => {
        const [row] = await trx('users').insert({ name: user.name, email: user.email, role: user.role, force_id: user.forceId }).returning('id');
        const link = linkFor(await passwordLinks.create(trx, row.id, 'new-account'));
        await outbox.email(trx, { eventType: 'staff.new-account' }, staffMail.newAccount(user.email, user.name, link, invitedBy));
        return { id: row.id as number, link };
      });
    },

    /** A new link for someone who lost theirs or never got the email; the old one stops working. */
    async newLink(id: number, invitedBy: string): Promise<string> {
      return db.transaction(async (trx) => {
        const user = await trx('users').where({ id }).first('email', 'name', 'password_hash');
        const link = linkFor(await passwordLinks.create(trx, id, user.password_hash ? 'reset' : 'new-account'));
        const email = user.password_hash ? staffMail.passwordReset(user.email, user.name, link) : staffMail.newAccount(user.email, user.name, link, invitedBy);
        await outbox.email(trx, { eventType: 'staff.password-link' }, email);
        return link;
      });
    },

    /** Disabled: signed out at once (their next request), no sign-in, no links. Enabled again: any lock ends too. */
    async setDisabled(id: number, disabled: boolean): Promise<void> {
      await db.transaction(async (trx) => {
        const [user] = await trx('users')
          .where({ id })
          .update(disabled ? { disabled_at: trx.fn.now(), ...endingEverySession(trx) } : { disabled_at: null })
          .returning('email');
        if (user && !disabled) await attempts.clear(attempts.staffKey(user.email), trx);
      });
    },

    /** For a lost phone: they set two-factor up again at their next sign-in (admins must). */
    async resetTwoFactor(id: number): Promise<void> {
      await db('users').where({ id }).update({ totp_secret_encrypted: null, totp_enabled_at: null, totp_last_step: null, ...endingEverySession(db) });
    },
  };
}

export type UserAdminService = ReturnType<typeof userAdminService>;
