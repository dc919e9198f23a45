import type { Email } from '../notifications/mailer';

/** The emails staff and police get about their own account. Each holds a one-time link, so each is private. */
export const staffMail = {
  newAccount(to: string, name: string, link: string, invitedBy: string): Email {
    return {
      to,
      subject: 'Your Pathways account: choose a password',
      text: [
        `Hello ${name},`,
        '',
        `${invitedBy} has made you a Pathways account. Choose your password here (the link works once, for 7 days):`,
        '',
        link,
        '',
        'If you did not expect this, you can ignore this email.',
      ].join('\n'),
      private: true,
    };
  },

  passwordReset(to: string, name: string, link: string): Email {
    return {
      to,
      subject: 'Reset your Pathways password',
      text: [
        `Hello ${name},`,
        '',
        'Someone asked to reset the password for your Pathways account. If it was you, choose a new password here (the link works once, for 1 hour):',
        '',
        link,
        '',
        'If it was not you, ignore this email: your password has not changed.',
      ].join('\n'),
      private: true,
    };
  },
};
