import type { CourseDetails } from './course-yaml';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { value: T } | { errors: FieldErrors };

/** Rows the details form shows: enough for every existing line and a couple of empty ones. */
export const MAX_STATEMENTS = 5;
export const MAX_HELP_LINES = 8;

const IDENTIFIER = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const COURSE_ID = IDENTIFIER;

export const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** Missing: "Enter <what>"; too long: "<What> must be <max> characters or fewer". */
function required(errors: FieldErrors, name: string, value: string, what: string, max: number) {
  if (!value) errors[name] = `Enter ${what}`;
  else if (value.length > max) errors[name] = `${what.replace(/^(the|a|an) /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max} characters or fewer`;
}

function minutesFrom(body: unknown, errors: FieldErrors): number {
  const text = field(body, 'minutes');
  const minutes = Number(text);
  if (!/^\d{1,3}$/.test(text) || minutes < 1 || minutes > 600) errors.minutes = 'Enter the minutes as a whole number from 1 to 600';
  return minutes;
}

export function newCourseFromForm(body: unknown): FormResult<{ id: string; title: string; summary: string; minutes: number }> {
  const errors: FieldErrors = {};
  const id = field(body, 'id');
  if (!id) errors.id = 'Enter a course id, for example gambling-awareness';
  else if (!IDENTIFIER.test(id) || id.length > 60) errors.id = 'The course id must be lower-case letters and digits joined by hyphens, for example gambling-awareness';
  const title = field(body, 'title');
  required(errors, 'title', title, 'the title', 200);
  const summary = field(body, 'summary');
  required(errors, 'summary', summary, 'a summary', 500);
  const minutes = minutesFrom(body, errors);
  return Object.keys(errors).length > 0 ? { errors } : { value: { id, title, summary, minutes } };
}

/** The details form: fields, then numbered rows of attitude statements and help lines (empty rows are left out). */
export function detailsFromForm(body: unknown): FormResult<CourseDetails> {
  const errors: FieldErrors = {};
  const title = field(body, 'title');
  required(errors, 'title', title, 'the title', 200);
  const summary = field(body, 'summary');
  required(errors, 'summary', summary, 'a summary', 500);
  const minutes = minutesFrom(body, errors);
  const audience = field(body, 'audience');
  if (audience.length > 300) errors.audience = 'Audience must be 300 characters or fewer';

  const statements: CourseDetails['statements'] = [];
  const seen = new Set<string>();
  for (let row = 0; row < MAX_STATEMENTS; row += 1) {
    const id = field(body, `statementId${row}`);
    const text = field(body, `statementText${row}`);
    if (!id && !text) continue;
    if (!IDENTIFIER.test(id)) errors[`statementId${row}`] = `Statement ${row + 1}: enter an id in lower-case words joined by hyphens, for example know-different`;
    else if (seen.has(id)) errors[`statementId${row}`] = `Statement ${row + 1}: the id ${id} is used twice`;
    seen.add(id);
    required(errors, `statementText${row}`, text, `the words of statement ${row + 1}`, 300);
    statements.push({ id, text });
  }
  if (statements.length === 0 && !errors.statementId0) errors.statementText0 = 'Enter at least one attitude statement';

  const help: CourseDetails['help'] = [];
  for (let row = 0; row < MAX_HELP_LINES; row += 1) {
    const name = field(body, `helpName${row}`);
    const phone = field(body, `helpPhone${row}`);
    const text = field(body, `helpText${row}`);
    if (!name && !phone && !text) continue;
    required(errors, `helpName${row}`, name, `the name of help service ${row + 1}`, 200);
    if (phone.length > 40) errors[`helpPhone${row}`] = `Help service ${row + 1}: the phone number must be 40 characters or fewer`;
    if (text.length > 500) errors[`helpText${row}`] = `Help service ${row + 1}: the description must be 500 characters or fewer`;
    help.push({ name, ...(phone ? { phone } : {}), ...(text ? { text } : {}) });
  }

  if (Object.keys(errors).length > 0) return { errors };
  return { value: { title, summary, minutes, audience, quickExit: field(body, 'quickExit') === 'yes', statements, help } };
}

/** The form's values from stored details, for the first showing of the page. */
export function detailsToForm(details: CourseDetails): Record<string, string> {
  const values: Record<string, string> = {
    title: details.title,
    summary: details.summary,
    minutes: details.minutes ? String(details.minutes) : '',
    audience: details.audience,
    quickExit: details.quickExit ? 'yes' : '',
  };
  details.statements.forEach((statement, row) => {
    values[`statementId${row}`] = statement.id;
    values[`statementText${row}`] = statement.text;
  });
  details.help.forEach((line, row) => {
    values[`helpName${row}`] = line.name;
    values[`helpPhone${row}`] = line.phone ?? '';
    values[`helpText${row}`] = line.text ?? '';
  });
  return values;
}
