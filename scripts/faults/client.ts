/**
 * A phone's browser, as far as the server can tell: one session cookie, redirects not followed
 * (the caller decides), forms posted with the page's CSRF token. The server runs as in production
 * behind TLS, so every request says it came over https; without it the secure cookie is never set.
 */
export const FORWARDED = { 'x-forwarded-proto': 'https' };
const COOKIE = 'pathways.sid';
const TIMEOUT_MS = 20_000;

export interface Answer {
  status: number;
  location: string;
  text: string;
}

/** Whether the database is away right now: a 503 then is expected, at any other time a failure. */
export type Phase = 'normal' | 'outage';
export const current: { phase: Phase } = { phase: 'normal' };

/** What the learners' clients sent and got back, by phase, for the table. */
export const traffic = { sent: 0, networkErrors: 0, byPhase: { normal: new Map<number, number>(), outage: new Map<number, number>() } };

export function count(counts: Map<number, number>, status: number): void {
  counts.set(status, (counts.get(status) ?? 0) + 1);
}

export class Client {
  cookie = '';

  constructor(readonly base: string) {}

  /** One request; a network failure (server killed, refused) throws. */
  async request(pathname: string, form?: Record<string, string>): Promise<Answer> {
    const headers: Record<string, string> = { ...FORWARDED, accept: 'text/html' };
    if (this.cookie) headers.cookie = this.cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    traffic.sent += 1;
    try {
      const response = await fetch(`${this.base}${pathname}`, {
        method: form ? 'POST' : 'GET',
        headers,
        body: form ? new URLSearchParams(form).toString() : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const set = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
      if (set) this.cookie = set.split(';')[0]!;
      const text = await response.text();
      count(traffic.byPhase[current.phase], response.status);
      return { status: response.status, location: response.headers.get('location') ?? '', text };
    } catch (error) {
      traffic.networkErrors += 1;
      throw error;
    }
  }

  /** GETs a page and posts its form back with the page's token; undefined if the page had no form. */
  async submit(pathname: string, form: Record<string, string>): Promise<Answer | undefined> {
    const page = await this.request(pathname);
    const token = csrfToken(page.text);
    if (page.status !== 200 || !token) return undefined;
    return this.request(pathname, { _csrf: token, ...form });
  }
}

export function csrfToken(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The path of a Location header, without query or fragment. */
export const pathOf = (location: string) => new URL(location, 'http://x').pathname;
