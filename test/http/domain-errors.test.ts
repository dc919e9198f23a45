import express from 'express';
import request from 'supertest';
import { DomainError } from '../../src/errors/domain-error';
import { assetUrls } from '../../src/http/assets';
import { errorHandler } from '../../src/http/errors';
import { createLogger } from '../../src/logger';
import { PUBLIC_DIR, VIEWS_DIR } from '../../src/paths';
import { PersonalDataRemoved } from '../../src/referrals/anonymised';
import { ReferralProblem } from '../../src/referrals/service';
import { EmailTaken } from '../../src/staff/user-admin';

/** The one error handler, behind routes that throw what services throw. */
function appThrowing(error: Error) {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.locals.asset = assetUrls(PUBLIC_DIR);
  app.get(['/api/v1/thing', '/thing'], () => {
    throw error;
  });
  app.use(errorHandler(createLogger('silent')));
  return app;
}

describe('domain errors', () => {
  test.each([
    [new ReferralProblem('reference', 'There is already a referral with the reference NF/1', 'conflict'), 409, 'referral_conflict'],
    [new ReferralProblem('courses', 'There is no course called x'), 400, 'referral_invalid'],
    [new PersonalDataRemoved(new Date('2028-09-01T12:00:00Z'), 'letter'), 409, 'personal_data_removed'],
    [new EmailTaken(), 409, 'email_taken'],
    [new DomainError('made_up_rule', 'A rule said no', 422, { cause: new Error('the database said so') }), 422, 'made_up_rule'],
  ])('when a service throws %s, then the API answers %i with its stable code and its words, and a page shows the words', async (error, status, code) => {
    const app = appThrowing(error);
    const api = await request(app).get('/api/v1/thing').expect(status);
    expect(api.body).toEqual({ error: code, message: error.message });
    const page = await request(app).get('/thing').expect(status);
    expect(page.text).toContain(error.message.slice(0, 20));
    expect(page.text).not.toContain('the database said so');
  });
});
