import { diffLines } from 'diff';
import type { StoredFiles } from '../courses/model';
import { COURSE_FILE } from '../courses/parse';

export type LineChange = 'added' | 'removed' | 'same';

export interface DiffRow {
  change: LineChange | 'skipped';
  oldLine?: number;
  newLine?: number;
  text: string;
}

export interface FileDiff {
  file: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  rows: DiffRow[];
  added: number;
  removed: number;
}

export interface MediaChange {
  file: string;
  status: 'added' | 'removed' | 'replaced';
}

/** Unchanged lines kept either side of a change; longer unchanged runs are folded. */
const CONTEXT = 3;

function lines(value: string): string[] {
  const split = value.split(/\r?\n/);
  if (split[split.length - 1] === '') split.pop();
  return split;
}

function fileDiff(file: string, before: string | undefined, after: string | undefined): FileDiff {
  const all: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before ?? '', after ?? '')) {
    const change: LineChange = part.added ? 'added' : part.removed ? 'removed' : 'same';
    for (const text of lines(part.value)) {
      if (change === 'added') all.push({ change, newLine: newLine++, text });
      else if (change === 'removed') all.push({ change, oldLine: oldLine++, text });
      else all.push({ change, oldLine: oldLine++, newLine: newLine++, text });
    }
    if (change === 'added') added += part.count ?? 0;
    if (change === 'removed') removed += part.count ?? 0;
  }
  const status = before === undefined ? 'added' : after === undefined ? 'removed' : added + removed > 0 ? 'changed' : 'unchanged';
  return { file, status, rows: status === 'unchanged' ? [] : fold(all), added, removed };
}

/** Keeps changed lines and a little context around them; the rest becomes one "n lines unchanged" row. */
function fold(rows: DiffRow[]): DiffRow[] {
  const near = rows.map((_, index) => rows.slice(Math.max(0, index - CONTEXT), index + CONTEXT + 1).some((row) => row.change !== 'same'));
  const folded: DiffRow[] = [];
  let skipped = 0;
  rows.forEach((row, index) => {
    if (near[index]) {
      if (skipped > 0) folded.push({ change: 'skipped', text: `${skipped} unchanged line${skipped === 1 ? '' : 's'}` });
      skipped = 0;
      folded.push(row);
    } else {
      skipped += 1;
    }
  });
  if (skipped > 0) folded.push({ change: 'skipped', text: `${skipped} unchanged line${skipped === 1 ? '' : 's'}` });
  return folded;
}

/** course.yaml first, then the modules by file name (their numbers put them in course order). */
const fileOrder = (a: string, b: string) => (a === COURSE_FILE ? -1 : b === COURSE_FILE ? 1 : a.localeCompare(b));

/** What changed between two versions (or a version and the draft): a line diff per text file, and media added or removed. */
export function diffCourse(before: StoredFiles, after: StoredFiles): { files: FileDiff[]; media: MediaChange[] } {
  const names = [...new Set([...Object.keys(before.text), ...Object.keys(after.text)])].sort(fileOrder);
  const mediaNames = [...new Set([...Object.keys(before.media), ...Object.keys(after.media)])].sort();
  return {
    files: names.map((name) => fileDiff(name, before.text[name], after.text[name])),
    media: mediaNames.flatMap((name): MediaChange[] => {
      const [old, now] = [before.media[name], after.media[name]];
      if (old === now) return [];
      return [{ file: name, status: old === undefined ? 'added' : now === undefined ? 'removed' : 'replaced' }];
    }),
  };
}
