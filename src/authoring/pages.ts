import type { Request } from 'express';
import { HttpError, notFound } from '../http/http-error';
import { notices } from '../http/notices';
import { auditActorOf } from '../staff/roles';
import type { VersionSummary } from '../courses/model';
import { COURSE_ID, type FieldErrors } from './forms';
import { AuthoringProblem } from './problem';

const MODULE_FILE = /^[\w.-]{1,100}\.md$/;
const VERSION = /^[1-9]\d{0,5}$/;

export const actorOf = auditActorOf;

function param(req: Request, name: string, pattern: RegExp, what: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !pattern.test(value)) throw notFound(what);
  return value;
}

export const courseIdOf = (req: Request) => param(req, 'courseId', COURSE_ID, 'course');
export const moduleFileOf = (req: Request) => param(req, 'file', MODULE_FILE, 'module');
export const coursePath = (courseId: string, rest = '') => `/authoring/courses/${courseId}${rest}`;

/** A version number or "draft" from a query value; undefined when absent, 400 when it is neither. */
export function versionRefOf(value: unknown, name: string): number | 'draft' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'draft') return 'draft';
  if (typeof value === 'string' && VERSION.test(value)) return Number(value);
  throw new HttpError(400, `Choose a version to compare (${name}): a version number or the draft.`);
}

export const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

/** A date and time as people in England read them. */
export const when = (date: Date | string) =>
  new Date(date).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });

const SOURCES: Record<VersionSummary['source'], string> = {
  files: 'Course library files',
  authoring: 'Published in Pathways',
  import: 'Imported',
};
export const madeBy = (version: VersionSummary) =>
  version.created_by_name ? `${version.created_by_name} (${SOURCES[version.source].toLowerCase()})` : SOURCES[version.source];

/** Fixed words for the notice after a change: the address carries a code, never the words (see http/notices). */
const authoringNotices = notices({
  created: 'Course created. Its first draft is below.',
  opened: 'Draft opened from the newest version.',
  details: 'Course details saved.',
  'module-added': 'Module added. Write its steps below.',
  'module-moved': 'Module moved.',
  'module-removed': 'Module removed from the draft. Earlier versions still have it.',
  'module-saved': 'Module saved.',
  'media-uploaded': 'File uploaded. Copy its Markdown into a module to use it.',
  'media-removed': 'File removed from the draft. Earlier versions still have it.',
  discarded: 'Draft discarded. The published versions are as they were.',
  published: 'Published. New learners get this version; learners part-way through stay on the version they started.',
  unchanged: 'Nothing changed: the content is the same as the newest version, so no new version was made.',
  imported: 'Imported as a new version.',
});
export const noticeOf = authoringNotices.of;
/** Sends the author on to `path`, whose page says what was done. */
export const redirectTo = authoringNotices.redirect;

/** An author's problem becomes field errors for the page; a missing thing becomes a 404 page. */
export function problemErrors(error: unknown): { status: number; errors: FieldErrors } {
  if (!(error instanceof AuthoringProblem)) throw error;
  if (error.status === 404) throw new HttpError(404, error.message);
  return { status: error.status, errors: { [error.field]: error.message } };
}

/** Where no form can show the problem: the error page, with the author's message. */
export function asHttpError(error: unknown): never {
  if (error instanceof AuthoringProblem) throw new HttpError(error.status, error.message);
  throw error;
}
