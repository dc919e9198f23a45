import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { REDACTED_PATHS } from '../../src/logger';
import { requestLog } from '../../src/http/request-log';

function appLoggingTo(lines: string[]) {
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
  const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const app = express();
  app.use(requestLog(logger));
  const router = express.Router();
  router.get('/referrals', (_req, res) => res.send('list'));
  app.use('/police', router);
  app.get('/healthz', (_req, res) => res.send('ok'));
  return app;
}

describe('request logs', () => {
  test('when a request is answered, then one line says its method, path, status and time, without the query, cookies or keys', async () => {
    const lines: string[] = [];
    await request(appLoggingTo(lines)).get('/police/referrals?q=Casey%20Morgan').set('Cookie', 'pathways.sid=secret-session').set('Authorization', 'Bearer secret-key').expect(200);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line.req).toEqual({ id: expect.anything(), method: 'GET', path: '/police/referrals' });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(typeof line.responseTime).toBe('number');
    for (const secret of ['Casey', 'Morgan', 'secret-session', 'secret-key']) expect(lines[0]).not.toContain(secret);
  });

  test('when the health checks are called, then they are not logged', async () => {
    const lines: string[] = [];
    await request(appLoggingTo(lines)).get('/healthz').expect(200);
    expect(lines).toHaveLength(0);
  });
});
