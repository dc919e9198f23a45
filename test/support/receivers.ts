import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEvent {
  id: string;
  type: string;
  body: Record<string, unknown>;
}

function verified(secret: string, raw: string, header: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) >= 300) return false;
  return timingSafeEqual(Buffer.from(v1, 'hex'), createHmac('sha256', secret).update(`${t}.${raw}`).digest());
}

/**
 * A force's webhook endpoint as a force would write one: it checks the signature over the raw
 * body and the time, and counts an event id once however often it arrives (`arrivals` keeps the
 * repeats too, for the fault script). It shrugs off a sender killed mid-request.
 */
export async function webhookReceiver(secret: string) {
  const events = new Map<string, ReceivedEvent>();
  const arrivals: ReceivedEvent[] = [];
  let rejected = 0;
  let requests = 0;
  let answer = 200;
  const server = http.createServer((req, res) => {
    requests += 1;
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
      if (answer === 200) {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const event = { id: String(req.headers['pathways-event-id']), type: String(body.type), body };
        arrivals.push(event);
        if (!events.has(event.id)) events.set(event.id, event);
      }
      res.writeHead(answer).end();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pathways`,
    /** Each event once. */
    events: () => [...events.values()],
    /** Every signed arrival answered 200, a repeat of an event id included. */
    arrivals: () => arrivals,
    rejected: () => rejected,
    /** Every request that reached the receiver, signed or not, answered or not. */
    requests: () => requests,
    answerWith(status: number) {
      answer = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server that keeps what it is sent, and carries on when a sender is killed mid-conversation. */
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
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mail: () => mail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until a condition holds (jobs run on their own schedule), failing after a while. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
