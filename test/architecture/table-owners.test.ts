import fs from 'node:fs';
import path from 'node:path';
import { sourceFiles, tableReferences } from './table-references';

/**
 * docs/architecture.md names one owner for every table; only the owner's code touches it. This test
 * holds the page to the code: every table the migrations make has a row there, and outside its owner's
 * folder a table is written nowhere and read only where the list below says why.
 */
const ROOT = path.resolve(__dirname, '../..');

/** The owners table of docs/architecture.md: each backticked table name → the owner's folder under src/. */
function ownersFromTheDocs(): Map<string, string> {
  const page = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = page.split('## Who owns each table')[1]!.split('\n## ')[0]!;
  const owners = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !cells[2]!.includes('src/')) continue;
    const folder = /`src\/([^/`]+)/.exec(cells[2]!)![1]!;
    for (const [, table] of cells[1]!.matchAll(/`([a-z_]+)`/g)) owners.set(table!, folder);
  }
  return owners;
}

/** The tables the migrations create. */
function tablesTheMigrationsMake(): Set<string> {
  const made = new Set<string>();
  for (const file of sourceFiles(ROOT, 'migrations')) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, table] of text.matchAll(/createTable(?:IfNotExists)?\(\s*'([a-z_]+)'/g)) made.add(table!);
    for (const [, table] of text.matchAll(/create table (?:if not exists )?"?([a-z_]+)"?/gi)) made.add(table!.toLowerCase());
  }
  for (const file of sourceFiles(ROOT, 'migrations')) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, table] of text.matchAll(/dropTable(?:IfExists)?\(\s*'([a-z_]+)'/g)) made.delete(table!);
  }
  return made;
}

/**
 * The reads that cross an owner, each for one reason: a list or a hot page answered in one statement,
 * where asking the owner's service would cost a statement per line or per page view.
 */
const READS_ACROSS_OWNERS: { file: string; tables: string[]; why: string }[] = [
  { file: 'src/auth/sessions.ts', tables: ['learners', 'users'], why: "the session's account version is checked in the statement that reads the session (ADR 0010's neighbour, docs/security.md)" },
  { file: 'src/learning/store.ts', tables: ['referrals', 'forces'], why: "every learner page reads the person's referral, force name, enrolment and answers in one statement" },
  { file: 'src/referrals/store/lists.ts', tables: ['learners', 'forces', 'contact_requests'], why: "referral lists filter and search by the person's name and open contact requests, a page at a time, in one statement" },
  { file: 'src/casework/store.ts', tables: ['referrals', 'learners', 'forces'], why: "the contact-request queue shows each request's referral, person and force in one statement" },
  { file: 'src/notifications/store.ts', tables: ['forces', 'referrals'], why: 'the deliveries page names the force and the referral of each line in one statement' },
  { file: 'src/authoring/draft-store.ts', tables: ['users'], why: 'a draft shows who last saved it' },
  { file: 'src/courses/store.ts', tables: ['users'], why: 'a course version shows who published it' },
];

/** Reports own no table: their figures are computed in SQL across the owners' tables (ADR 0006), reading only. */
const READ_ONLY_FOLDERS = ['src/reports/'];

describe('every table has one owner', () => {
  const owners = ownersFromTheDocs();

  test('docs/architecture.md names an owner for every table the migrations make', () => {
    const unnamed = [...tablesTheMigrationsMake()].filter((table) => !owners.has(table));
    expect(unnamed).toEqual([]);
    expect(owners.size).toBeGreaterThan(15);
  });

  test("outside its owner, a table is never written and read only where READS_ACROSS_OWNERS says why", () => {
    const tables = [...owners.keys()];
    const breaches: string[] = [];
    for (const file of sourceFiles(ROOT, 'src')) {
      const folder = file.split('/')[1];
      for (const reference of tableReferences(ROOT, file, tables)) {
        if (owners.get(reference.table) === folder) continue;
        const where = `${file}:${reference.line} ${reference.table}`;
        if (reference.writes) {
          breaches.push(`${where}: written outside ${owners.get(reference.table)}`);
          continue;
        }
        if (READ_ONLY_FOLDERS.some((readOnly) => file.startsWith(readOnly))) continue;
        if (READS_ACROSS_OWNERS.some((allowed) => allowed.file === file && allowed.tables.includes(reference.table))) continue;
        breaches.push(`${where}: read outside ${owners.get(reference.table)}`);
      }
    }
    expect(breaches).toEqual([]);
  });

  test('the scan finds what it looks for (a file that breaks the rule is caught)', () => {
    const file = path.join('test', 'architecture', 'fixtures', 'breaks-ownership.ts');
    const found = tableReferences(ROOT, file, ['learners', 'referrals']);
    expect(found).toEqual([
      { file, line: 5, table: 'learners', writes: true },
      { file, line: 9, table: 'referrals', writes: false },
      { file, line: 13, table: 'learners', writes: true },
    ]);
  });
});
