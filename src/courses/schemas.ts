import { z } from 'zod';

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is missing' : `must be ${what}`;

export const text = () => z.string({ error: required('text') }).trim().min(1, 'must not be empty');
export const identifier = () =>
  z
    .string({ error: required('text') })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens, e.g. "last-time"');

const option = z.union(
  [
    z.string().trim().min(1, 'must not be empty'),
    z.strictObject({ text: text(), correct: z.boolean().optional(), feedback: text().optional() }),
  ],
  { error: 'must be text, or { text, correct, feedback }' },
);

export const choiceSchema = z
  .strictObject({
    id: identifier(),
    prompt: text(),
    options: z.array(option, { error: required('a list') }).min(2, 'needs at least 2').max(6, 'has more than 6'),
    feedback: text(),
  })
  .refine((block) => block.options.some((o) => typeof o !== 'string' && o.correct === true), {
    path: ['options'],
    message: 'needs at least one option with correct: true',
  });

export const reflectionSchema = z.strictObject({ id: identifier(), prompt: text(), hint: text().optional() });

export const planSchema = z.strictObject({
  id: identifier(),
  prompt: text(),
  items: z
    .array(z.strictObject({ id: identifier(), label: text(), hint: text().optional() }), {
      error: required('a list'),
    })
    .min(1, 'needs at least 1 item')
    .max(6, 'has more than 6'),
});

export const blockSchemas = { choice: choiceSchema, reflection: reflectionSchema, plan: planSchema } as const;
export type BlockKind = keyof typeof blockSchemas;

/** The most modules a course has, and the longest course.yaml or module: the editor keeps to the same. */
export const MAX_MODULES = 12;
export const MAX_TEXT_CHARACTERS = 60_000;

export const moduleFrontMatterSchema = z.strictObject({ title: text() });

export const courseFileSchema = z.strictObject({
  id: identifier().optional(),
  title: text(),
  summary: text(),
  minutes: z.number({ error: required('a number of minutes') }).int().min(1).max(600),
  audience: text().optional(),
  /** Show "Leave this site quickly" on every page of the course (domestic abuse, women's programme). */
  quickExit: z.boolean({ error: 'must be true or false' }).default(false),
  modules: z
    .array(z.string().regex(/^[\w.-]+\.md$/, 'must be a Markdown file name in the course folder, e.g. "01-start.md"'), {
      error: required('a list of module files'),
    })
    .min(1, 'needs at least one module')
    .max(MAX_MODULES, `has more than ${MAX_MODULES}`),
  attitudeTest: z.strictObject({
    statements: z
      .array(z.strictObject({ id: identifier(), text: text() }), { error: required('a list') })
      .min(1, 'needs at least 1 statement')
      .max(5, 'has more than 5'),
  }),
  help: z
    .array(z.strictObject({
        name: text(),
        phone: z.union([text(), z.number().transform(String)]).optional(),
        text: text().optional(),
      }),)
    .default([]),
});
