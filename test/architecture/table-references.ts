import fs from 'node:fs';
import path from 'node:path';

/** Where a table is named in the code, and whether that statement writes to it. */
export interface TableReference {
  file: string;
  line: number;
  table: string;
  writes: boolean;
}

const WRITE_CALL = /\.(insert|update|del|delete|increment|decrement|onConflict|truncate)\(/;
const WRITE_SQL = /\b(update|insert\s+into|delete\s+from)\s+$/i;

/** Every `.ts` file under a folder, relative to the project root, in a stable order. */
export function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, folder));
  return found;
}

/** The statement around a position: from the line's start to the next `;` (knex chains end there). */
function statementAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf(';', index);
  return text.slice(start, end === -1 ? undefined : end);
}

/**
 * The tables a source file names as SQL: knex's `db('t')`, `trx<Row>('t')`, joins and `from`, column
 * references `'t.column'`, and raw SQL (`from t`, `join t`, `update t`, `insert into t`, `delete from t`).
 */
export function tableReferences(root: string, file: string, tables: readonly string[]): TableReference[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const names = tables.map((table) => table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const patterns: { pattern: RegExp; kind: 'call' | 'sql' }[] = [
    { pattern: new RegExp(`\\b(?:db|trx|knex|tx|query)(?:<[^>()]*>)?\\(\\s*'(${names})'`, 'g'), kind: 'call' },
    { pattern: new RegExp(`\\.(?:join|leftJoin|innerJoin|rightJoin|from|into|table|update)\\(\\s*'(${names})(?:\\s+as\\s+\\w+)?'`, 'g'), kind: 'call' },
    { pattern: new RegExp(`'(${names})\\.[a-z_*]+`, 'g'), kind: 'call' },
    { pattern: new RegExp(`\\b(from|join|update|insert\\s+into|delete\\s+from)\\s+(?:public\\.)?(${names})\\b`, 'gi'), kind: 'sql' },
  ];
  const found: TableReference[] = [];
  for (const { pattern, kind } of patterns) {
    for (const match of text.matchAll(pattern)) {
      const index = match.index;
      const table = kind === 'sql' ? match[2]! : match[1]!;
      const line = text.slice(0, index).split('\n').length;
      if (/^\s*(\*|\/\/|\/\*)/.test(text.slice(text.lastIndexOf('\n', index) + 1, index))) continue;
      const writes = kind === 'sql' ? WRITE_SQL.test(`${match[1]} `) : WRITE_CALL.test(statementAround(text, index));
      found.push({ file, line, table: table.toLowerCase(), writes });
    }
  }
  return found;
}
