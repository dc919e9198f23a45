import type request from 'supertest';
import { parseCourse } from '../../src/courses/parse';
import { signedInStaff } from '../support/staff';
import { createTestContext, csrfToken, type TestContext } from '../support/test-app';
import { craftedArchive, MP3, PNG, uploadForm, wordsOf } from './support';

let context: TestContext;
let agent: request.Agent;
beforeAll(async () => {
  context = await createTestContext();
  agent = (await signedInStaff(context, 'author')).agent;
  await context.services.authoring.openDraft('anger-management', { userId: null, name: 'test' });
});
afterAll(() => context.close());

const MEDIA = '/authoring/courses/anger-management/draft/media';
const MB = 1024 * 1024;

const upload = (data: Buffer, name: string, fields: Record<string, string> = { alt: 'A picture of a calm lake' }) =>
  uploadForm(agent, MEDIA, MEDIA, fields, { field: 'file', data, name });

async function stored() {
  const draft = await context.services.authoring.draft('anger-management');
  const media = await context.db('course_media').count('* as n').first();
  return { files: Object.keys(draft!.files.media).sort(), media };
}

/** The upload is refused with the given status and words beside the field, and nothing is stored. */
async function expectRefused(response: request.Response, status: number, words: string) {
  expect(response.status).toBe(status);
  expect(wordsOf(response.text)).toContain(words);
}

describe('uploading to the media library', () => {
  test('when a real picture is uploaded under a name with ../ in it, then it is stored under a new random name and the name is only shown', async () => {
    const response = await upload(PNG, '../../../etc/cron.d/evil.png');
    expect(response.headers.location).toBe(`${MEDIA}?done=media-uploaded`);
    const { files } = await stored();
    const added = files.filter((file) => file.endsWith('.png'));
    expect(added).toEqual([expect.stringMatching(/^media\/[a-f0-9]{16}\.png$/)]);
    const page = await agent.get(MEDIA).expect(200);
    expect(wordsOf(page.text)).toContain('Uploaded as evil.png');
    expect(wordsOf(page.text)).toContain(`![A picture of a calm lake](${added[0]})`);
    const audit = await context.db('audit_events').where({ action: 'media-uploaded', subject_id: 'anger-management' });
    expect(audit).toHaveLength(1);
  });

  test.each([
    ['a picture over 5 MB', Buffer.concat([PNG, Buffer.alloc(6 * MB)]), 'big.png', 400, 'big.png is 6.0 MB: a picture can be up to 5.0 MB'],
    ['any file over 20 MB', Buffer.concat([MP3, Buffer.alloc(21 * MB)]), 'long.mp3', 413, 'The file is larger than 20 MB'],
    ['bytes that are no known type', Buffer.from('just some text pretending to be a picture'), 'photo.png', 400, 'photo.png is not a PNG, JPEG or WebP picture'],
    ['an SVG with script named .png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'cat.png', 400, 'cat.png holds web page, SVG or script code'],
    ['an HTML page named .jpg', Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'), 'dog.jpg', 400, 'dog.jpg holds web page, SVG or script code'],
    ['a PNG with a script hidden after its header', Buffer.concat([PNG, Buffer.from('<script>alert(1)</script>')]), 'poly.png', 400, 'poly.png holds web page, SVG or script code'],
    ['a picture named as audio', PNG, 'song.mp3', 400, 'song.mp3 is named as audio but holds a picture'],
    ['an empty file', Buffer.alloc(0), 'empty.png', 400, 'The file is empty'],
  ])('when the file is %s, then it is refused with a clear message and nothing is stored', async (_what, data, name, status, words) => {
    const before = await stored();
    await expectRefused(await upload(data, name), status, words);
    expect(await stored()).toEqual(before);
  });

  test('when a picture has no alt text, then it is refused with the message beside the alt text field', async () => {
    const before = await stored();
    const response = await upload(PNG, 'lake.png', { alt: '' });
    await expectRefused(response, 400, 'Enter alt text: say what the picture shows');
    expect(response.text).toContain('href="#alt"');
    expect(await stored()).toEqual(before);
  });

  test('when no file is chosen, then the form says so', async () => {
    await expectRefused(await uploadForm(agent, MEDIA, MEDIA, { alt: 'x' }), 400, 'Choose a file to upload');
  });

  test('when audio comes without a transcript it is refused; with one, it is stored with its transcript and captions can follow', async () => {
    await expectRefused(await upload(MP3, 'breathing.mp3', { alt: 'A breathing exercise' }), 400, 'Enter the transcript');
    const saved = await upload(MP3, 'breathing.mp3', { alt: 'A breathing exercise', transcript: 'Breathe in for four. Breathe out for six.' });
    expect(saved.status).toBe(303);
    const draft = await context.services.authoring.draft('anger-management');
    const audio = Object.keys(draft!.files.media).find((file) => file.endsWith('.mp3'))!;
    expect(Object.keys(draft!.files.media)).toContain(audio.replace('.mp3', '.txt'));

    const captions = Buffer.from('WEBVTT\n\n00:00.000 --> 00:04.000\nBreathe in for four.\n');
    await expectRefused(await upload(captions, 'captions.vtt', { captionsFor: '' }), 400, 'Choose the audio these captions are for');
    expect((await upload(captions, 'captions.vtt', { captionsFor: audio })).status).toBe(303);
    expect(Object.keys((await context.services.authoring.draft('anger-management'))!.files.media)).toContain(audio.replace('.mp3', '.vtt'));

    const preview = context.services.authoring.preview(draft!, '01-what-is-going-on.md', `---\ntitle: Listen\n---\n\n## Listen\n\n![A breathing exercise](${audio})\n`);
    expect(preview.problems).toEqual([]);
    const html = preview.steps[0]!.parts.map((part) => (part.kind === 'html' ? part.html : '')).join('');
    expect(html).toMatch(/<audio controls preload="none" src="\/media\/[a-f0-9]{64}\.mp3" aria-label="A breathing exercise">/);
    expect(html).toContain('Read the transcript: A breathing exercise');
  });

  test('when a module plays audio that has no transcript, then the check names the module and line', () => {
    const courseYaml = 'title: T\nsummary: S\nminutes: 30\nmodules: [01-a.md]\nattitudeTest:\n  statements:\n    - { id: a, text: A }\n';
    const module = '---\ntitle: A\n---\n\n## Listen\n\n![A breathing exercise](media/breathing.mp3)\n';
    const { problems } = parseCourse({ id: 'audio-course', files: { 'course.yaml': courseYaml, '01-a.md': module }, media: { 'media/breathing.mp3': MP3 } });
    expect(problems).toEqual([{ file: '01-a.md', line: 7, message: 'audio media/breathing.mp3 needs a transcript: add media/breathing.txt' }]);
  });

  test('when the multipart body is cut off or has no boundary, then the answer is a refusal, never a server error', async () => {
    const token = csrfToken((await agent.get(MEDIA)).text);
    const cutOff = await agent
      .post(MEDIA)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send(`--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG`);
    await expectRefused(cutOff, 400, 'The upload could not be read');
    const noBoundary = await agent.post(MEDIA).set('Content-Type', 'multipart/form-data').send('nonsense');
    expect(noBoundary.status).toBe(403);
  });
});

describe('importing a course archive', () => {
  const importArchive = (data: Buffer, name = 'course.tar.gz') => uploadForm(agent, '/authoring', '/authoring/import', {}, { field: 'archive', data, name });

  test.each([
    ['a ../ entry', [{ path: 'sneaky/course.yaml', data: 'title: x' }, { path: 'sneaky/../../../tmp/evil.md', data: 'x' }], 'sneaky/../../../tmp/evil.md points outside the folder'],
    ['an absolute path', [{ path: '/etc/cron.d/evil', data: 'x' }], '/etc/cron.d/evil is an absolute path'],
    ['a symbolic link', [{ path: 'sneaky/course.yaml', data: 'title: x' }, { path: 'sneaky/media/a.png', type: 'SymbolicLink' as const, linkpath: '/etc/passwd' }], 'sneaky/media/a.png is a link'],
    ['a hard link', [{ path: 'sneaky/course.yaml', data: 'title: x' }, { path: 'sneaky/media/a.png', type: 'Link' as const, linkpath: 'sneaky/course.yaml' }], 'sneaky/media/a.png is a link'],
    ['two course folders', [{ path: 'one/course.yaml', data: 'title: x' }, { path: 'two/course.yaml', data: 'title: y' }], 'The archive must hold one course folder'],
  ])('when the archive holds %s, then nothing is imported and the page says why', async (_what, entries, words) => {
    const before = await context.db('course_versions').count('* as n').first();
    await expectRefused(await importArchive(craftedArchive(entries)), 400, words);
    expect(await context.db('course_versions').count('* as n').first()).toEqual(before);
  });

  test('when the file is not a .tar.gz, or larger than 50 MB, then it is refused', async () => {
    await expectRefused(await importArchive(PNG, 'picture.tar.gz'), 400, 'The file is not a .tar.gz archive');
    await expectRefused(await importArchive(Buffer.alloc(51 * MB, 1)), 413, 'The archive is larger than 50 MB');
  });

  test('when the course in the archive has problems, then they are listed by file and line and nothing is imported', async () => {
    const response = await importArchive(craftedArchive([{ path: 'new-course/course.yaml', data: 'title: A new course\nminutes: lots\n' }]));
    await expectRefused(response, 400, 'The course in the archive has');
    expect(wordsOf(response.text)).toContain('new-course/course.yaml:2: minutes: must be a number of minutes');
    expect(await context.db('course_versions').where({ course_id: 'new-course' })).toEqual([]);
  });
});
