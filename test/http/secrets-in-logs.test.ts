import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/http/errors';
import { requestLog } from '../../src/http/request-log';
import { createLogger } from '../../src/logger';
import { createTestContext, csrfToken, type TestContext } from '../support/test-app';

/** Everything the app's logger writes, one JSON line each, at debug level so the error handler's lines are kept too. */
const lines: string[] = [];
const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });

let context: TestContext;
let userId: number;
beforeAll(async () => {
  context = await createTestContext({}, {}, createLogger('debug', sink));
  ({ id: userId } = await context.services.users.create({ email: 'new.officer@staff.test', name: 'New Officer', role: 'caseworker', forceId: null }, 'Test Admin'));
});
afterAll(() => context.close());

const requestLines = () => lines.map((line) => JSON.parse(line) as { req?: { path: string }; path?: string; msg: string });

describe('secrets in the address are not logged', () => {
  test('when a new staff member opens their password link and chooses a password, then no log line holds the token', async () => {
    const token = await context.services.passwordLinks.create(context.db, userId, 'new-account');
    const agent = request.agent(context.app);
    lines.length = 0;

    const page = await agent.get(`/password/${token}`).expect(200);
    await agent.post(`/password/${token}`).type('form').send({ password: 'short', confirmPassword: 'short' }).expect(403);
    await agent.post(`/password/${token}`).type('form').send({ _csrf: csrfToken(page.text), password: 'a long new password', confirmPassword: 'different' }).expect(400);
    await agent.post(`/password/${token}`).type('form').send({ _csrf: csrfToken(page.text), password: 'a long new password', confirmPassword: 'a long new password' }).expect(303);
    // Used: the link no longer works, and the address is still not logged.
    await agent.get(`/password/${token}`).expect(404);
    // Express matches without regard to case or a trailing slash; so does the redaction.
    await agent.get(`/Password/${token}/`).expect(404);
    await agent.get(`/password/${token}?from=email`).expect(404);

    const logged = lines.join('');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.slice(0, 12));
    const paths = requestLines().flatMap((line) => (line.req ? [line.req.path] : []));
    expect(paths).toEqual([
      '/password/[redacted]', '/password/[redacted]', '/password/[redacted]', '/password/[redacted]', '/password/[redacted]', '/Password/[redacted]/', '/password/[redacted]',
    ]);
    // The refused form (no token) was logged by the error handler too, with the same path.
    expect(requestLines().filter((line) => line.path === '/password/[redacted]').length).toBeGreaterThan(0);
  });

  test('when a request to a password link fails on the server, then the error handler logs it without the token', async () => {
    const token = 'S3cretT0kenS3cretT0kenS3cretT0kenS3cretT0k';
    const app = express();
    const logger = createLogger('debug', sink);
    app.use(requestLog(logger));
    app.get('/password/:token', () => {
      throw new Error('the database went away');
    });
    app.use(errorHandler(logger));
    lines.length = 0;
    await request(app).get(`/password/${token}`).expect(500);
    expect(lines.join('')).not.toContain(token);
    expect(requestLines().map((line) => line.path ?? line.req?.path)).toEqual(['/password/[redacted]', '/password/[redacted]']);
  });
});
