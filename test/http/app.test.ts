import request from 'supertest';
import { createTestContext, type TestContext } from '../support/test-app';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

describe('the app', () => {
  test('when the process is up, then /healthz says ok', async () => {
    const response = await request(context.app).get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  test('when the database answers, then /readyz says ok', async () => {
    const response = await request(context.app).get('/readyz').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'ok' });
  });

  test('when someone opens /, then they are led to sign in', async () => {
    const response = await request(context.app).get('/').expect(302);
    expect(response.headers.location).toBe('/learn/sign-in');
    const page = await request(context.app).get('/learn/sign-in').expect(200);
    expect(page.text).toContain('<h1>Sign in</h1>');
    expect(page.text).toContain('Sign in for the first time');
    expect(page.text).toContain('Get help now');
    expect(page.text).toContain('116 123');
    expect(page.text).toContain('href="/privacy"');
    expect(page.text).toContain('href="/accessibility"');
  });

  test('when a page is served, then it carries the security headers', async () => {
    const response = await request(context.app).get('/learn/sign-in').expect(200);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  test('when a page does not exist, then a friendly page says so (JSON for the API)', async () => {
    const page = await request(context.app).get('/no-such-page').expect(404);
    expect(page.text).toContain('Page not found');
    const api = await request(context.app).get('/api/nothing').expect(404);
    expect(api.body).toEqual({ error: 'not_found', message: 'There is no such API route' });
    const json = await request(context.app).get('/no-such-page').set('accept', 'application/json').expect(404);
    expect(json.body).toEqual({ error: 'not_found', message: 'We could not find that page.' });
  });

  test('when the privacy notice and accessibility statement are opened, then they are shown to anyone', async () => {
    expect((await request(context.app).get('/privacy').expect(200)).text).toContain('Privacy notice');
    expect((await request(context.app).get('/accessibility').expect(200)).text).toContain('(WCAG) 2.2');
  });

  test('when a text size is chosen, then pages use it, and only local return paths are followed', async () => {
    const agent = request.agent(context.app);
    const page = await agent.get('/privacy');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const chosen = await agent.post('/text-size').type('form').send({ _csrf: token, size: 'largest', returnTo: '//evil.example/' }).expect(303);
    expect(chosen.headers.location).toBe('/learn');
    expect((await agent.get('/privacy')).text).toContain('<html lang="en-GB" class="govuk-template text-largest">');
    const bad = await agent.post('/text-size').type('form').send({ _csrf: token, size: 'huge' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose a text size');
  });
});

describe('when the database is unreachable', () => {
  test('then /readyz answers 503 while /healthz still says the process is up', async () => {
    const broken = await createTestContext();
    await broken.close();
    const ready = await request(broken.app).get('/readyz').expect(503);
    expect(ready.body).toEqual({ status: 'unavailable', database: 'unreachable' });
    await request(broken.app).get('/healthz').expect(200);
  });
});
