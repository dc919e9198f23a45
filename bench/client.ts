/**
 * A browser-like client for setting up the load: one session cookie, forms posted with the page's
 * CSRF token. The server runs as in production behind TLS, so every request says it came over https
 * (X-Forwarded-Proto, with TRUST_PROXY=true); without it the secure session cookie is never set.
 */
export const FORWARDED = { 'x-forwarded-proto': 'https' };
const COOKIE = 'pathways.sid';

export class BenchClient {
  cookie = '';

  constructor(readonly base: string) {}

  async request(pathname: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string; text: string }> {
    const headers: Record<string, string> = { ...FORWARDED };
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(`${this.base}${pathname}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const set = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
    if (set) this.cookie = set.split(';')[0]!;
    return { status: response.status, location: response.headers.get('location') ?? '', text: await response.text() };
  }

  /** GETs a page and posts its form back with the page's CSRF token. */
  async submit(pathname: string, form: Record<string, string>, postPath = pathname) {
    const token = csrfToken((await this.request(pathname)).text);
    return this.request(postPath, { form: { _csrf: token, ...form } });
  }

  /** The session's CSRF token, read from a page: it stays the same for the life of the session. */
  async token(pathname: string): Promise<string> {
    return csrfToken((await this.request(pathname)).text);
  }
}

export function csrfToken(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('No CSRF token in the page');
  return token;
}

function expect(what: string, response: { status: number; location: string }, status: number, location?: string): void {
  if (response.status !== status || (location !== undefined && response.location !== location)) {
    throw new Error(`${what}: expected ${status}${location ? ` to ${location}` : ''}, got ${response.status} ${response.location}`);
  }
}

export async function learnerSignIn(base: string, accessCode: string, password: string): Promise<BenchClient> {
  const client = new BenchClient(base);
  expect('learner sign-in', await client.submit('/learn/sign-in', { accessCode, password }), 303, '/learn');
  return client;
}

export async function policeSignIn(base: string, email: string, password: string): Promise<BenchClient> {
  const client = new BenchClient(base);
  expect('police sign-in', await client.submit('/sign-in', { email, password }), 303, '/referrals');
  return client;
}

export { expect as expectResponse };
