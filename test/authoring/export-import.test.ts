import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type request from 'supertest';
import { packCourse, unpackCourse } from '../../src/authoring/archive';
import { exportCommand, importCommand, type Printer } from '../../src/authoring/cli';
import { contentHash, readCourseFolder } from '../../src/courses/folder';
import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';
import { uploadForm } from './support';

let context: TestContext;
let agent: request.Agent;
let workDir: string;
beforeAll(async () => {
  context = await createTestContext();
  agent = (await signedInStaff(context, 'author', { name: 'Eve Exporter' })).agent;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-authoring-test-'));
});
afterAll(async () => {
  fs.rmSync(workDir, { recursive: true, force: true });
  await context.close();
});

const versionsOf = (courseId: string) => context.db('course_versions').where({ course_id: courseId }).orderBy('version').select('version', 'source', 'content_hash');
const auditOf = (action: string, courseId: string) => context.db('audit_events').where({ action, subject_id: courseId }).orderBy('id').select('actor', 'details');

async function download(url: string): Promise<request.Response> {
  return agent.get(url).buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const importArchive = (data: Buffer) => uploadForm(agent, '/authoring', '/authoring/import', {}, { field: 'archive', data, name: 'course.tar.gz' });

function printer(): Printer & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line), error: (line) => lines.push(`error: ${line}`) };
}

describe('exporting and importing a course in the browser', () => {
  test('when a version is exported and the archive imported again, then no new version is made', async () => {
    const response = await download('/authoring/courses/victim-awareness/versions/1/export');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/gzip');
    expect(response.headers['content-disposition']).toBe('attachment; filename=victim-awareness-version-1.tar.gz');
    const archive = response.body as Buffer;
    const unpacked = await unpackCourse(archive);
    expect(contentHash(unpacked)).toBe((await versionsOf('victim-awareness'))[0]!.content_hash);

    const imported = await importArchive(archive);
    expect(imported.headers.location).toBe('/authoring/courses/victim-awareness?done=unchanged');
    expect(await versionsOf('victim-awareness')).toHaveLength(1);
    expect(await auditOf('course-exported', 'victim-awareness')).toEqual([{ actor: 'Eve Exporter (author)', details: { version: 1, as: 'archive' } }]);
    expect(await auditOf('course-imported', 'victim-awareness')).toEqual([]);
  });

  test('when a changed archive is imported, then it becomes the newest version, and importing it twice changes nothing more', async () => {
    const source = await unpackCourse((await download('/authoring/courses/hate-crime/versions/1/export')).body as Buffer);
    const changed = { ...source, files: { ...source.files, '01-what-happened.md': `${source.files['01-what-happened.md']}\nOne more sentence.\n` } };
    const archive = await packCourse(changed);
    expect((await importArchive(archive)).headers.location).toBe('/authoring/courses/hate-crime?done=imported');
    expect((await importArchive(archive)).headers.location).toBe('/authoring/courses/hate-crime?done=unchanged');
    expect((await versionsOf('hate-crime')).map((v) => [v.version, v.source])).toEqual([[1, 'files'], [2, 'import']]);
    expect(await auditOf('course-imported', 'hate-crime')).toEqual([{ actor: 'Eve Exporter (author)', details: { version: 2, from: 'archive' } }]);
    const page = await agent.get('/authoring/courses/hate-crime').expect(200);
    expect(page.text).toContain('Eve Exporter (imported)');
  });
});

describe('the courses:export and courses:import commands', () => {
  test('when a course is exported to a folder and imported again, then no new version is made', async () => {
    const out = printer();
    expect(await exportCommand(['womens-programme', workDir], context.db, out)).toBe(0);
    const folder = path.join(workDir, 'womens-programme');
    expect(out.lines).toEqual([`womens-programme: version 1 written to ${folder}`]);
    expect(contentHash(readCourseFolder(folder))).toBe((await versionsOf('womens-programme'))[0]!.content_hash);

    const again = printer();
    expect(await importCommand([folder], context.db, again)).toBe(0);
    expect(again.lines).toEqual(['womens-programme: unchanged (same as version 1), no new version']);
    expect(await versionsOf('womens-programme')).toHaveLength(1);
    expect(await auditOf('course-exported', 'womens-programme')).toEqual([{ actor: 'command line', details: { version: 1, as: 'folder' } }]);
  });

  test('when the folder is changed, then import makes a new version, and exporting an older version puts the folder back as it was', async () => {
    await exportCommand(['domestic-abuse', workDir], context.db, printer());
    const folder = path.join(workDir, 'domestic-abuse');
    const module = path.join(folder, '03-new-skills.md');
    const original = fs.readFileSync(module, 'utf8');
    fs.writeFileSync(module, original.replace(/\n## /, '\n## A new first step\n\nSomething new to read.\n\n## '));

    const imported = printer();
    expect(await importCommand([folder], context.db, imported)).toBe(0);
    expect(imported.lines).toEqual(['domestic-abuse: imported as version 2']);
    expect(await auditOf('course-imported', 'domestic-abuse')).toEqual([{ actor: 'command line', details: { version: 2, from: 'folder' } }]);

    fs.writeFileSync(path.join(folder, 'media', 'stray.png'), 'not part of any version');
    fs.writeFileSync(path.join(folder, 'README.txt'), 'kept');
    const back = printer();
    expect(await exportCommand(['domestic-abuse', workDir, '--version', '1'], context.db, back)).toBe(0);
    expect(back.lines).toContain(`removed ${path.join(folder, 'media/stray.png')} (not in version 1)`);
    expect(fs.readFileSync(module, 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(folder, 'README.txt'))).toBe(true);
  });

  test('when the command is used wrongly, then it says how to use it and changes nothing', async () => {
    const out = printer();
    expect(await exportCommand(['domestic-abuse'], context.db, out)).toBe(2);
    expect(await exportCommand(['domestic-abuse', workDir, '--version', 'latest'], context.db, out)).toBe(2);
    expect(await importCommand([path.join(workDir, 'no-such-course')], context.db, out)).toBe(1);
    expect(out.lines).toContain(`error: ${path.join(workDir, 'no-such-course')}: not a course folder (a course folder holds a course.yaml)`);
    await expect(exportCommand(['no-such-course', workDir], context.db, out)).rejects.toThrow('There is no course no-such-course.');
  });

  // The npm scripts themselves, as an author runs them, against this test's own PostgreSQL database.
  const onPostgres = process.env.TEST_DATABASE_URL ? test : test.skip;
  onPostgres('when npm run courses:export and courses:import run against PostgreSQL, then the round trip makes no new version', async () => {
    const databaseUrl = (context.db.client.config.connection as { connectionString: string }).connectionString;
    const run = (script: string, args: string[]) =>
      promisify(execFile)('npx', ['tsx', `src/authoring/${script}`, ...args], { cwd: path.join(__dirname, '..', '..'), env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
    const exported = await run('export-cli.ts', ['cannabis-awareness', workDir]);
    expect(exported.stdout).toContain('cannabis-awareness: version 1 written to');
    const imported = await run('import-cli.ts', [path.join(workDir, 'cannabis-awareness')]);
    expect(imported.stdout).toContain('cannabis-awareness: unchanged (same as version 1), no new version');
  });
});
