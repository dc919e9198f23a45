/**
 * Signs in to a running Pathways (with the demo data) as each role and writes the session cookies
 * the external scanners use (`npm run scan` → scripts/scan.sh). Not part of CI.
 *
 *   npx tsx scripts/scan-sessions.ts http://127.0.0.1:3000 <folder>
 *
 * For each role it writes <folder>/<role>.cookie (a Cookie header value, for sqlmap) and
 * <folder>/<role>.wapiti.json (wapiti's cookie file), and prints "<role> <cookie>" on stdout.
 * The demo learner chooses a password on the way; the demo admin sets up two-factor sign-in, so
 * run it once per fresh database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';

const COOKIE_NAME = 'pathways.sid';
const DEMO_PASSWORD = 'pathways-demo';

const STAFF = {
  author: { email: 'author@pathways.test', home: '/authoring' },
  caseworker: { email: 'caseworker@pathways.test', home: '/referrals' },
  police: { email: 'officer@demo-police.test', home: '/referrals' },
  admin: { email: 'admin@pathways.test', home: '/admin/users' },
} as const;

type Role = 'learner' | keyof typeof STAFF;

/** One browser-like session: follows nothing, keeps the session cookie. */
class Session {
  private cookie = '';

  constructor(private readonly base: string) {}

  get cookieHeader(): string {
    return this.cookie;
  }

  async request(method: 'GET' | 'POST', pathname: string, form?: Record<string, string>) {
    const response = await fetch(new URL(pathname, this.base), {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      if (pair.startsWith(`${COOKIE_NAME}=`)) this.cookie = pair.trim();
    }
    return { status: response.status, location: response.headers.get('location') ?? '', body: await response.text() };
  }

  async page(pathname: string) {
    const response = await this.request('GET', pathname);
    if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}, expected 200`);
    return response.body;
  }

  /** Opens the page with the form, then posts the form with the page's CSRF token; expects a redirect. */
  async submit(pagePath: string, action: string, fields: Record<string, string>): Promise<string> {
    const html = await this.page(pagePath);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`No _csrf field on ${pagePath}`);
    const response = await this.request('POST', action, { _csrf: token, ...fields });
    if (response.status !== 303) {
      const error = /class="error-message"[^>]*>([\s\S]*?)<\/p>/.exec(response.body)?.[1]?.replace(/<[^>]+>/g, '').trim();
      throw new Error(`POST ${action} answered ${response.status}, expected 303${error ? `: ${error}` : ''}`);
    }
    return response.location;
  }
}

async function learner(base: string): Promise<Session> {
  const session = new Session(base);
  const next = await session.submit('/learn/first-sign-in', '/learn/first-sign-in', { accessCode: 'ABCD-2345', day: '1', month: '1', year: '2000' });
  if (!next.endsWith('/learn/create-password')) throw new Error(`First sign-in went to ${next}`);
  const password = `scan learner ${randomBytes(9).toString('base64url')}`;
  await session.submit('/learn/create-password', '/learn/create-password', { password, confirmPassword: password });
  await session.page('/learn');
  // Start the first course, as the learner would, so its step pages answer instead of redirecting.
  const firstStep = await session.submit('/learn/courses/alcohol-awareness/start', '/learn/courses/alcohol-awareness/start', {});
  if (!firstStep.includes('/steps/')) throw new Error(`Starting a course went to ${firstStep}`);
  return session;
}

async function staff(base: string, role: keyof typeof STAFF): Promise<Session> {
  const session = new Session(base);
  const { email, home } = STAFF[role];
  const next = await session.submit('/sign-in', '/sign-in', { email, password: DEMO_PASSWORD });
  if (next.endsWith('/account/two-factor')) {
    // Admins set up two-factor at their first sign-in: read the key as a person would type it in.
    const html = await session.page('/account/two-factor');
    const key = /<code class="api-key">([^<]+)<\/code>/.exec(html)?.[1]?.replace(/\s+/g, '');
    if (!key) throw new Error('No two-factor key on /account/two-factor');
    const code = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 }).generate();
    await session.submit('/account/two-factor', '/account/two-factor', { code });
  } else if (next.endsWith('/sign-in/code')) {
    throw new Error(`${email} already has two-factor sign-in on: start from a fresh database`);
  }
  await session.page(home);
  return session;
}

/** wapiti's own cookie file format (wapitiCore/net/jsoncookie.py), keyed by the host. */
function wapitiCookieFile(base: string, cookie: string) {
  const [name, ...value] = cookie.split('=');
  return { [new URL(base).hostname]: { '/': { [name]: { value: value.join('='), expires: null, secure: false, port: null, version: 0 } } } };
}

async function main() {
  const [base, folder] = process.argv.slice(2);
  if (!base || !folder) {
    console.error('usage: npx tsx scripts/scan-sessions.ts <base url> <output folder>');
    process.exit(2);
  }
  fs.mkdirSync(folder, { recursive: true });
  const roles: Role[] = ['learner', 'author', 'caseworker', 'police', 'admin'];
  for (const role of roles) {
    try {
      const session = role === 'learner' ? await learner(base) : await staff(base, role);
      const cookie = session.cookieHeader;
      fs.writeFileSync(path.join(folder, `${role}.cookie`), `${cookie}\n`);
      fs.writeFileSync(path.join(folder, `${role}.wapiti.json`), `${JSON.stringify(wapitiCookieFile(base, cookie), null, 2)}\n`);
      console.log(`${role} ${cookie}`);
    } catch (error) {
      console.error(`Could not sign in as ${role}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}

void main();
