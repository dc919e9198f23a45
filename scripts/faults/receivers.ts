/**
 * The force's end, run by the fault script: a webhook endpoint that checks each signature as a
 * force would (test/support/receivers.ts does the same for the tests) and an SMTP server. Both
 * keep every arrival, repeats included, and both shrug off a sender killed mid-conversation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEvent {
  id: string;
  type: string;
  body: Record<string, unknown>;
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

function verified(secret: string, raw: string, header: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) >= 300) return false;
  return timingSafeEqual(Buffer.from(v1, 'hex'), createHmac('sha256', secret).update(`${t}.${raw}`).digest());
}

export async function webhookReceiver(secret: string) {
  const events: ReceivedEvent[] = [];
  let rejected = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!verified(secret, raw, String(req.headers['pathways-signature'] ?? ''))) {
        rejected += 1;
        res.writeHead(401).end();
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      events.push({ id: String(req.headers['pathways-event-id']), type: String(body.type), body });
      res.writeHead(200).end();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pathways`,
    /** Every signed arrival, a repeat of an event id included. */
    events: () => events,
    rejected: () => rejected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };
}

export async function mailReceiver() {
  const mail: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mail.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: the server must carry on.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    mail: () => mail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
