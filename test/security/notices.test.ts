import { DateTime } from 'luxon';
import type request from 'supertest';
import { codeFor, signedInStaff } from '../support/staff';
import { createReferral, createTestContext, submitForm, type TestContext } from '../support/test-app';

/**
 * The notice a page shows after a change comes from a code in the address, never from words in it:
 * otherwise a link from anyone could make a trusted page say what they liked.
 */

let context: TestContext;
let agents: Record<'police' | 'caseworker' | 'admin' | 'author', request.Agent>;
let publicId: string;
let forceId: number;
let userId: number;

beforeAll(async () => {
  context = await createTestContext();
  const referral = await createReferral(context);
  forceId = (await context.db('referrals').where({ id: referral.referralId }).first('force_id')).force_id as number;
  publicId = (await context.db('referrals').where({ id: referral.referralId }).first('public_id')).public_id as string;
  [{ id: userId }] = await context.db('users').insert({ email: 'someone@staff.test', name: 'Some One', role: 'caseworker' }).returning('id');
  agents = {
    police: (await signedInStaff(context, 'police', { forceId })).agent,
    caseworker: (await signedInStaff(context, 'caseworker')).agent,
    admin: (await signedInStaff(context, 'admin')).agent,
    author: (await signedInStaff(context, 'author')).agent,
  };
});
afterAll(() => context.close());

type Who = keyof typeof agents;
const fill = (path: string) => path.replace(':referral', publicId).replace(':user', String(userId)).replace(':force', String(forceId));

/** Every page that shows a notice after a change, and someone who may open it. */
const PAGES: [Who, string][] = [
  ['police', '/referrals/:referral'],
  ['caseworker', '/referrals/:referral'],
  ['caseworker', '/casework/contact-requests'],
  ['caseworker', '/admin/deliveries'],
  ['admin', '/admin/users'],
  ['admin', '/admin/users/:user'],
  ['admin', '/admin/forces'],
  ['admin', '/admin/forces/:force'],
  ['police', '/account'],
  ['author', '/authoring'],
  ['author', '/authoring/courses/alcohol-awareness'],
];

const CRAFTED = ['Your access is suspended, call 0900 123456', 'Your+access+is+suspended', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('notices on pages after a change', () => {
  test.each(PAGES)('when %s opens %s with words or an unknown code in ?done=, then the page shows none of it', async (who, path) => {
    for (const crafted of CRAFTED) {
      const response = await agents[who].get(`${fill(path)}?done=${crafted.includes('+') ? crafted : encodeURIComponent(crafted)}`);
      expect(response.status).toBe(200);
      // The text-size form sends the person back to this address: a hidden field, not something the page says.
      const shown = response.text.replace(/<input type="hidden" name="returnTo" value="[^"]*">/, '');
      expect(shown).not.toMatch(/suspended|0900/);
      // A code that names something every object has (constructor) once printed "function Object() { [native code] }".
      expect(shown).not.toContain('[native code]');
      expect(shown).not.toMatch(/<div class="govuk-inset-text" role="status"><p>/);
    }
  });

  /** Does the action, checks the address carries a code and not words, follows it and returns the page. */
  async function act(who: Who, page: string, form: Record<string, string>, action: string) {
    const done = await submitForm(agents[who], fill(page), form, fill(action));
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/\?done=[a-z0-9-]+(#[a-z-]+)?$/);
    return (await agents[who].get(done.headers.location).expect(200)).text;
  }

  test('when police and caseworkers act on a referral, then the referral page shows each action’s notice', async () => {
    const page = '/referrals/:referral';
    const later = DateTime.now().plus({ days: 60 }).toISODate()!;
    expect(await act('police', page, { deadline: later, reason: 'In hospital' }, `${page}/extend`)).toContain('Deadline extended. The force has been told.');
    expect(await act('police', page, { course: 'thinking-skills' }, `${page}/courses`)).toContain('Course added.');
    expect(await act('police', page, { checkedOn: DateTime.now().setZone('Europe/London').toISODate()!, reoffended: 'no', offenceDate: '' }, `${page}/reoffending-checks`)).toContain('Re-offending check recorded.');
    expect(await act('police', `${page}/details`, { firstName: 'Sam', lastName: 'Taylor', dateOfBirth: '1990-05-17' }, `${page}/details`)).toContain('Details corrected.');
    expect(await act('caseworker', page, { note: '  ' }, `${page}/notes`)).toContain('Note not saved: Write the note first');
    expect(await act('caseworker', page, { note: 'x'.repeat(4001) }, `${page}/notes`)).toContain('Note not saved: A note must be 4,000 characters or fewer');
    expect(await act('caseworker', page, { note: 'Rang: will finish this week' }, `${page}/notes`)).toContain('Note added.');
    expect(await act('police', page, { withdrawReason: 'moved-away' }, `${page}/withdraw`)).toContain('Referral withdrawn. The force has been told.');
    expect(await act('caseworker', page, {}, `${page}/reset-access`)).toContain('Access not reset: the referral is withdrawn, so there is nothing left for them to do.');
  });

  test('when a caseworker marks a contact request handled, then the queue says so', async () => {
    const referralId = (await context.db('referrals').where({ public_id: publicId }).first('id')).id as number;
    const [{ id }] = await context.db('contact_requests').insert({ referral_id: referralId, contact_by: 'phone' }).returning('id');
    const page = await act('caseworker', '/casework/contact-requests', { outcome: 'Called back' }, `/casework/contact-requests/${id}/handled`);
    expect(page).toContain('Marked as handled.');
  });

  test('when an admin changes a user, then the user’s page says what changed', async () => {
    const page = '/admin/users/:user';
    expect(await act('admin', page, {}, `${page}/disable`)).toContain('Account disabled: they are signed out and cannot sign in.');
    expect(await act('admin', page, {}, `${page}/enable`)).toContain('Account enabled.');
    expect(await act('admin', page, {}, `${page}/reset-two-factor`)).toContain('Two-factor sign-in reset: they set it up again when they next sign in.');
  });

  test('when an admin redelivers an email, then the delivery log says it was sent again', async () => {
    const [{ id }] = await context.db('deliveries')
      .insert({ event_id: '00000000-0000-4000-8000-000000000009', event_type: 'test', channel: 'email', recipient: 'x@test.test', content: JSON.stringify({ to: 'x@test.test', subject: 'Hello', text: 'Hello' }), status: 'held' })
      .returning('id');
    expect(await act('admin', '/admin/deliveries', {}, `/admin/deliveries/${id}/redeliver`)).toContain('Sent again. Refresh to see how it went.');
  });

  test('when an admin adds and changes a force and revokes a key, then the force page says so', async () => {
    const days = { 'deadline-community-resolution': '28', 'deadline-conditional-caution': '112', 'deadline-diversionary-caution': '112', 'deadline-community-caution': '28' };
    const added = await submitForm(agents.admin, '/admin/forces/new', { name: 'Northshire Police', code: 'NSP', notificationEmail: '', webhookUrl: '', ...days }, '/admin/forces');
    expect(added.headers.location).toMatch(/^\/admin\/forces\/\d+\?done=[a-z-]+$/);
    const forcePage = added.headers.location.split('?')[0]!;
    expect((await agents.admin.get(added.headers.location)).text).toContain('Force added. Now make an API key if its case system will refer.');
    expect(await act('admin', forcePage, { name: 'Northshire Constabulary', code: 'NSP', notificationEmail: '', webhookUrl: '', ...days }, forcePage)).toContain('Settings saved.');
    const newForce = Number(forcePage.split('/').pop());
    await context.services.forces.createApiKey(newForce, 'Old case system', null);
    const { id: keyId } = await context.db('api_keys').where({ force_id: newForce }).first('id');
    expect(await act('admin', forcePage, {}, `${forcePage}/api-keys/${keyId}/revoke`)).toContain('Key revoked: it no longer works.');
  });

  test('when police set up two-factor sign-in, then their account page says it is on', async () => {
    const { agent, email } = await signedInStaff(context, 'police', { forceId });
    const setUp = await agent.get('/account/two-factor').expect(200);
    const key = /<code class="api-key">([^<]+)<\/code>/.exec(setUp.text)![1]!.replace(/\s+/g, '');
    const done = await submitForm(agent, '/account/two-factor', { code: codeFor(key, email) });
    expect(done.headers.location).toBe('/account?done=two-factor-on');
    expect((await agent.get(done.headers.location)).text).toContain('Two-factor sign-in is on. Next time you sign in, enter the code from your app.');
  });
});
