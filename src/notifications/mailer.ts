import nodemailer from 'nodemailer';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** Holds a one-time link: the outbox page shows that it exists, never what it says. */
  private?: boolean;
  /** Files sent with the email (the monthly report's CSVs), kept with the delivery so a retry sends the same. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

/** Mail over SMTP (`SMTP_URL`, e.g. smtp://user:pass@host:587). Undefined when none is set. */
export function smtpMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (!smtpUrl) return undefined;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, attachments: email.attachments });
    },
  };
}
