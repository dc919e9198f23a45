import request from 'supertest';
import type { StaffRole } from '../../src/http/roles';
import { signedInStaff } from '../support/staff';
import { createTestContext, csrfToken, type TestContext } from '../support/test-app';
import { craftedArchive, PNG } from './support';

let context: TestContext;
let forceId: number;
beforeAll(async () => {
  context = await createTestContext();
  [{ id: forceId }] = await context.db('forces').insert({ name: 'Access Test Police', code: 'ACCESS' }).returning('id');
  await context.services.authoring.openDraft('alcohol-awareness', { userId: null, name: 'test' });
});
afterAll(() => context.close());

const COURSE = '/authoring/courses/alcohol-awareness';
const MODULE = `${COURSE}/draft/modules/01-what-is-going-on.md`;
const MEDIA = `${COURSE}/draft/media`;

/** Every authoring route, with a body that would do something if the request got through. */
const ROUTES: { method: 'get' | 'post'; path: string; form?: Record<string, string>; upload?: { field: string; data: Buffer; name: string } }[] = [
  { method: 'get', path: '/authoring' },
  { method: 'get', path: '/authoring/new' },
  { method: 'post', path: '/authoring/courses', form: { id: 'sneaky-course', title: 'Sneaky', summary: 'No', minutes: '60' } },
  { method: 'post', path: '/authoring/import', upload: { field: 'archive', data: craftedArchive([{ path: 'sneaky/course.yaml', data: 'title: x' }]), name: 'c.tar.gz' } },
  { method: 'get', path: COURSE },
  { method: 'post', path: `${COURSE}/draft` },
  { method: 'get', path: `${COURSE}/diff?from=1&to=draft` },
  { method: 'get', path: `${COURSE}/versions/1/export` },
  { method: 'get', path: `${COURSE}/draft` },
  { method: 'post', path: `${COURSE}/draft/details`, form: { title: 'Changed', summary: 'x', minutes: '60', statementId0: 'a', statementText0: 'b' } },
  { method: 'post', path: `${COURSE}/draft/modules`, form: { moduleTitle: 'Sneaky module' } },
  { method: 'post', path: `${MODULE}/move`, form: { direction: 'down' } },
  { method: 'get', path: `${MODULE}/remove` },
  { method: 'post', path: `${MODULE}/remove` },
  { method: 'get', path: MODULE },
  { method: 'post', path: MODULE, form: { markdown: 'changed', action: 'save' } },
  { method: 'get', path: `${COURSE}/draft/validate` },
  { method: 'get', path: `${COURSE}/draft/publish` },
  { method: 'post', path: `${COURSE}/draft/publish`, form: { revision: '1' } },
  { method: 'get', path: `${COURSE}/draft/discard` },
  { method: 'post', path: `${COURSE}/draft/discard` },
  { method: 'get', path: MEDIA },
  { method: 'post', path: MEDIA, upload: { field: 'file', data: PNG, name: 'a.png' } },
  { method: 'get', path: `${MEDIA}/remove?file=media/units-in-drinks.svg` },
  { method: 'post', path: `${MEDIA}/remove?file=media/units-in-drinks.svg` },
];

/** Sends the route's request with a valid form token for the agent's session, so only the role check can refuse it. */
async function attempt(agent: request.Agent, route: (typeof ROUTES)[number]) {
  if (route.method === 'get') return agent.get(route.path);
  const token = csrfToken((await agent.get('/accessibility')).text);
  if (route.upload) {
    return agent.post(route.path).field('_csrf', token).field('alt', 'A picture').attach(route.upload.field, route.upload.data, route.upload.name);
  }
  return agent.post(route.path).type('form').send({ _csrf: token, alt: 'x', ...route.form });
}

async function snapshot() {
  const [draft, versions, audit, drafts] = await Promise.all([
    context.db('course_drafts').where({ course_id: 'alcohol-awareness' }).first(),
    context.db('course_versions').count('* as n').first(),
    context.db('audit_events').whereLike('action', 'course-%').orWhereIn('action', ['draft-changed', 'media-uploaded']).count('* as n').first(),
    context.db('course_drafts').count('* as n').first(),
  ]);
  return { revision: draft.revision, versions, audit, drafts };
}

describe('who may author courses', () => {
  const refused: StaffRole[] = ['caseworker', 'police'];
  test.each(refused)('when a %s tries every authoring route, then each is refused with 403 and nothing changes', async (role) => {
    const { agent } = await signedInStaff(context, role, { forceId: role === 'police' ? forceId : null });
    const before = await snapshot();
    for (const route of ROUTES) {
      const response = await attempt(agent, route);
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
      expect(response.text).toContain('Your role does not give you access to course authoring.');
    }
    expect(await snapshot()).toEqual(before);
  });

  test('when someone not signed in tries every authoring route, then each sends them to sign in and nothing changes', async () => {
    const agent = request.agent(context.app);
    const before = await snapshot();
    for (const route of ROUTES) {
      const response = await attempt(agent, route);
      expect({ route: `${route.method} ${route.path}`, location: response.headers.location }).toEqual({ route: `${route.method} ${route.path}`, location: '/sign-in' });
    }
    expect(await snapshot()).toEqual(before);
  });

  test.each(['author', 'admin'] as StaffRole[])('when an %s signs in, then the staff menu offers Authoring and the pages open', async (role) => {
    const { agent } = await signedInStaff(context, role);
    const home = await agent.get('/authoring').expect(200);
    expect(home.text).toMatch(/<a class="govuk-service-navigation__link" href="\/authoring"[^>]*>Authoring<\/a>/);
    expect(home.text).toContain('Alcohol awareness');
    await agent.get(MODULE).expect(200);
    await agent.get(MEDIA).expect(200);
  });

  test('when a form is posted without its token, even as an upload, then it is refused and nothing changes', async () => {
    const { agent } = await signedInStaff(context, 'author');
    const before = await snapshot();
    await agent.post(`${COURSE}/draft/details`).type('form').send({ title: 'No token' }).expect(403);
    const upload = await agent.post(MEDIA).field('alt', 'A picture').attach('file', PNG, 'a.png');
    expect(upload.status).toBe(403);
    expect(upload.text).toContain('This form has expired');
    expect(await snapshot()).toEqual(before);
  });
});
