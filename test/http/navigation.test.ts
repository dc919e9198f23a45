import request from 'supertest';
import { navigationFor } from '../../src/http/navigation';
import { ROUTES } from '../../src/http/route-registry';
import { invitedStaff, signedInStaff, STAFF_PASSWORD } from '../support/staff';
import { createReferral, createTestContext, signInFirstTime, submitForm, type TestContext } from '../support/test-app';

/**
 * Who is offered which links, written out by hand: the navigation is built from the route registry,
 * so a wrong role there changes what a role is offered, and this table (not the registry) says what is right.
 */
const STAFF_MENU: Record<string, [string, string][]> = {
  admin: [
    ['/referrals', 'Referrals'], ['/reports', 'Reports'], ['/casework/contact-requests', 'Contact requests'], ['/admin/deliveries', 'Deliveries'],
    ['/admin/forces', 'Forces'], ['/admin/users', 'Users'], ['/admin/audit', 'Audit trail'], ['/authoring', 'Authoring'], ['/account', 'Your account'],
  ],
  author: [['/authoring', 'Authoring'], ['/account', 'Your account']],
  caseworker: [
    ['/referrals', 'Referrals'], ['/reports', 'Reports'], ['/casework/contact-requests', 'Contact requests'], ['/admin/deliveries', 'Deliveries'], ['/account', 'Your account'],
  ],
  police: [['/referrals', 'Referrals'], ['/referrals/new', 'Refer someone'], ['/reports', 'Reports'], ['/account', 'Your account']],
};
const CONTACT_LINK: [string, string] = ['/learn/contact', 'Ask someone from Pathways to contact you'];

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

/** The links of the staff menu, in order; none when there is no menu. */
function staffMenu(html: string): [string, string][] {
  const nav = /<nav aria-label="Staff" class="govuk-service-navigation__wrapper">([\s\S]*?)<\/nav>/.exec(html)?.[1];
  return nav ? [...nav.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, label]) => [href!, label!]) : [];
}

/** The links in "Get help now" that are not phone numbers (none on staff pages, which have no "Get help now"). */
function helpLinks(html: string): [string, string][] {
  const help = /<div class="govuk-details__text app-help-now__body">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return [...help.matchAll(/<a class="govuk-link" href="([^"]+)">([^<]+)<\/a>/g)].filter(([, href]) => !href!.startsWith('tel:')).map(([, href, label]) => [href!, label!]);
}

describe('the navigation each role is offered', () => {
  test.each(Object.keys(STAFF_MENU))('when a %s opens a page, then the staff menu offers exactly their links and no learner help link', async (role) => {
    const forceId = role === 'police' ? (await context.services.forces.create({ name: `Nav ${role}`, code: 'NAV', deadlineDays: { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 }, notificationEmail: null, webhookUrl: null })) : null;
    const { agent } = await signedInStaff(context, role as 'admin', { forceId });
    const page = await agent.get('/account').expect(200);
    expect(staffMenu(page.text)).toEqual(STAFF_MENU[role]);
    expect(helpLinks(page.text)).toEqual([]);
  });

  test('when an admin has not yet set up two-factor sign-in, then the menu is already an admin’s (the pages then ask for two-factor first)', async () => {
    await invitedStaff(context, { email: 'new-admin@staff.test', name: 'New Admin', role: 'admin' });
    const agent = request.agent(context.app);
    await submitForm(agent, '/sign-in', { email: 'new-admin@staff.test', password: STAFF_PASSWORD });
    const page = await agent.get('/account/two-factor').expect(200);
    expect(staffMenu(page.text)).toEqual(STAFF_MENU.admin);
  });

  test('when a learner opens a page, then there is no staff menu and "Get help now" offers to have someone contact them', async () => {
    const agent = await signInFirstTime(context.app, await createReferral(context));
    const page = await agent.get('/learn').expect(200);
    expect(staffMenu(page.text)).toEqual([]);
    expect(helpLinks(page.text)).toEqual([CONTACT_LINK]);
    expect(page.text).toContain(`<p class="govuk-body">Stuck with your course or worried about your deadline? <a class="govuk-link" href="${CONTACT_LINK[0]}">${CONTACT_LINK[1]}</a>.</p>`);
  });

  test('when a learner has still to choose a password, then they are offered no links (the contact page would send them back)', async () => {
    const referral = await createReferral(context);
    const agent = request.agent(context.app);
    const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
    await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
    const page = await agent.get('/learn/create-password').expect(200);
    expect(staffMenu(page.text)).toEqual([]);
    expect(helpLinks(page.text)).toEqual([]);
  });

  test('when nobody is signed in, then there is no menu and no sign-out button', async () => {
    const page = await request(context.app).get('/learn/sign-in').expect(200);
    expect(staffMenu(page.text)).toEqual([]);
    expect(helpLinks(page.text)).toEqual([]);
    expect(page.text).not.toContain('action="/sign-out"');
  });
});

describe('the navigation follows the route registry', () => {
  const admin = { kind: 'staff', id: 1, name: 'An Admin', role: 'admin', twoFactor: true, sessionVersion: 0 } as Express.User;
  const labels = (links: { label: string }[]) => links.map((link) => link.label);

  test('when the registry no longer lets admins use the audit trail, then no admin is offered the link', () => {
    const withoutAudit = ROUTES.map((route) => (route.path === '/admin/audit' ? { ...route, access: { staff: ['caseworker'] as const, for: 'the audit trail' } } : route));
    expect(labels(navigationFor(ROUTES)(admin).menu)).toContain('Audit trail');
    expect(labels(navigationFor(withoutAudit)(admin).menu)).not.toContain('Audit trail');
  });

  test('when a link names a page the registry does not declare, then the navigation refuses to be built', () => {
    expect(() => navigationFor(ROUTES.filter((route) => route.path !== '/admin/users'))).toThrow('GET /admin/users');
  });
});
