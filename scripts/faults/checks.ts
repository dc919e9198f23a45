/**
 * What must hold after the faults, read from the database and from what the force received:
 * no acknowledged answer lost, every completion notified (webhook, officer's email, force inbox),
 * and no notification sent twice as two different events.
 */
import type { Database } from '../../src/db/database';
import { sleep } from './client';
import type { acknowledged as Acknowledged } from './learner';
import type { ReceivedEvent, ReceivedMail } from '../../test/support/receivers';
import { INBOX_EMAIL, OFFICER_EMAIL } from './seed';

/** Acknowledged steps missing from step_answers, and acknowledged completions not recorded. */
export async function lostAnswers(db: Database, acked: typeof Acknowledged): Promise<string[]> {
  const saved: { enrolment_id: number; step_number: number }[] = await db('step_answers').select('enrolment_id', 'step_number');
  const have = new Set(saved.map((row) => `${row.enrolment_id}:${row.step_number}`));
  const lost = [...acked.steps].filter((key) => !have.has(key)).map((key) => `step ${key}`);
  const completed: number[] = await db('enrolments')
    .whereNotNull('completed_at')
    .whereExists(db('attitude_responses').whereRaw('attitude_responses.enrolment_id = enrolments.id'))
    .pluck('id');
  const done = new Set(completed);
  return [...lost, ...[...acked.completions].filter((id) => !done.has(id)).map((id) => `completion of enrolment ${id}`)];
}

const TYPES_BY_SUBJECT: [RegExp, string][] = [
  [/has completed a course$/, 'course.completed'],
  [/has completed everything on their referral$/, 'referral.completed'],
  [/has started their course$/, 'referral.started'],
];

const courseInText = (text: string) => /^course: ([a-z0-9-]+),/m.exec(text)?.[1] ?? '';

/** Who was told what: `channel|recipient|type|referral public id|course id`. */
function webhookKey(event: ReceivedEvent): string {
  const body = event.body as { referral?: { id?: string }; data?: { course?: { id?: string } } };
  return `webhook|force|${event.type}|${body.referral?.id ?? ''}|${body.data?.course?.id ?? ''}`;
}

function mailKey(mail: ReceivedMail): string {
  const raw = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
  const decoded = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
  const type = TYPES_BY_SUBJECT.find(([pattern]) => pattern.test(subject))?.[1] ?? subject;
  const publicId = /\/referrals\/([0-9a-f-]{36})/.exec(decoded)?.[1] ?? '';
  const to = mail.to[0] === OFFICER_EMAIL ? 'officer' : mail.to[0] === INBOX_EMAIL ? 'inbox' : mail.to.join(',');
  return `email|${to}|${type}|${publicId}|${courseInText(decoded)}`;
}

/** Every notification the completions in the database call for. */
async function expected(db: Database): Promise<string[]> {
  const courses: { public_id: string; course_id: string }[] = await db('enrolments')
    .join('referrals', 'referrals.id', 'enrolments.referral_id')
    .whereNotNull('enrolments.completed_at')
    .select('referrals.public_id', 'enrolments.course_id');
  const referrals: string[] = await db('referrals').whereNotNull('completed_at').pluck('public_id');
  const facts = [
    ...courses.map((row) => `course.completed|${row.public_id}|${row.course_id}`),
    ...referrals.map((publicId) => `referral.completed|${publicId}|`),
  ];
  return facts.flatMap((fact) => [`webhook|force|${fact}`, `email|officer|${fact}`, `email|inbox|${fact}`]);
}

export interface Received {
  events(): ReceivedEvent[];
  mail(): ReceivedMail[];
}

/** Waits until every completion's notifications have arrived, or the time is up; returns what is missing. */
export async function awaitNotifications(db: Database, received: Received, timeoutMs: number): Promise<{ expected: number; missing: string[]; waitedMs: number }> {
  const started = Date.now();
  const wanted = await expected(db);
  for (;;) {
    const have = new Set([...received.events().map(webhookKey), ...received.mail().map(mailKey)]);
    const missing = wanted.filter((key) => !have.has(key));
    if (missing.length === 0 || Date.now() - started > timeoutMs) return { expected: wanted.length, missing, waitedMs: Date.now() - started };
    await sleep(500);
  }
}

export interface Duplicates {
  /** One notification as two or more event ids: at the webhook receiver, or in the delivery log (emails). */
  differentIds: string[];
  /** Arrivals of an event already received (sent, then a crash before it was recorded): allowed. */
  resent: number;
  webhookEvents: number;
  emails: number;
}

export async function duplicates(db: Database, received: Received): Promise<Duplicates> {
  const groups = new Map<string, Set<string>>();
  const add = (key: string, id: string) => groups.set(key, (groups.get(key) ?? new Set()).add(id));
  for (const event of received.events()) add(`received ${webhookKey(event)}`, event.id);
  // Email carries no event id on the wire: the delivery log says which event each email belongs to.
  const rows: { event_id: string; event_type: string; channel: string; recipient: string; public_id: string; content: { text?: string; body?: string } }[] =
    await db('deliveries')
      .join('referrals', 'referrals.id', 'deliveries.referral_id')
      .select('deliveries.event_id', 'deliveries.event_type', 'deliveries.channel', 'deliveries.recipient', 'referrals.public_id', 'deliveries.content');
  for (const row of rows) {
    const course = row.channel === 'email' ? courseInText(row.content.text ?? '') : ((JSON.parse(row.content.body ?? '{}') as { data?: { course?: { id?: string } } }).data?.course?.id ?? '');
    add(`logged ${row.channel}|${row.recipient}|${row.event_type}|${row.public_id}|${course}`, row.event_id);
  }
  const arrivals = new Map<string, number>();
  for (const mail of received.mail()) arrivals.set(mailKey(mail), (arrivals.get(mailKey(mail)) ?? 0) + 1);
  const webhookIds = new Set(received.events().map((event) => event.id)).size;
  return {
    differentIds: [...groups].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${ids.size} event ids`),
    resent: [...arrivals.values()].reduce((sum, n) => sum + n - 1, 0) + received.events().length - webhookIds,
    webhookEvents: webhookIds,
    emails: received.mail().length,
  };
}

/**
 * Delivery jobs that needed a second try: a batch claimed by a killed process is retried once
 * pg-boss's lease on it (expireInSeconds, 120 s) has run out; one that failed while the database
 * was away, after its backoff.
 */
export async function retriedDeliveries(db: Database): Promise<number> {
  const row = await db('pgboss.job').where({ name: 'deliver' }).where('retry_count', '>', 0).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
