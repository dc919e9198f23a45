import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '../../src/logger';

describe('logs', () => {
  test('when an object with secrets or personal data is logged, then those fields are redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: { headers: { cookie: 'pathways.sid=abc', authorization: 'Bearer key' } },
      body: { password: 'hunter22', accessCode: 'ABCD-2345', dateOfBirth: '2000-01-01', day: '1' },
    });
    const line = lines.join('');
    for (const secret of ['abc', 'Bearer key', 'hunter22', 'ABCD-2345', '2000-01-01']) expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });
});
