import type { Block } from '../courses/model';

export const REFLECTION_MAX = 5000;
export const PLAN_ITEM_MAX = 2000;

export type StoredAnswer = number | string | Record<string, string>;
export type FieldErrors = Record<string, string>;
type FormBody = Record<string, unknown>;

export const planFieldName = (blockId: string, itemId: string) => `${blockId}--${itemId}`;

function textField(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function checkText(value: string | undefined, max: number, emptyMessage: string): string | undefined {
  if (!value) return emptyMessage;
  if (value.length > max) return `This answer is too long: it must be ${max.toLocaleString('en-GB')} characters or fewer`;
  return undefined;
}

/**
 * Reads a step's answers from a submitted form. Either every block has a valid answer, or
 * nothing is returned but the error for each field, in words for the learner.
 */
export function readAnswers(blocks: Block[], body: FormBody): { answers: Record<string, StoredAnswer>; errors: FieldErrors } {
  const answers: Record<string, StoredAnswer> = {};
  const errors: FieldErrors = {};
  for (const block of blocks) {
    if (block.kind === 'choice') {
      const raw = textField(body, block.id);
      const index = raw !== undefined && /^\d{1,2}$/.test(raw) ? Number(raw) : -1;
      if (index < 0 || index >= block.options.length) errors[block.id] = 'Choose one answer';
      else answers[block.id] = index;
    } else if (block.kind === 'reflection') {
      const value = textField(body, block.id);
      const error = checkText(value, REFLECTION_MAX, 'Write your answer in the box. A few words is fine');
      if (error) errors[block.id] = error;
      else answers[block.id] = value as string;
    } else {
      const plan: Record<string, string> = {};
      for (const item of block.items) {
        const name = planFieldName(block.id, item.id);
        const value = textField(body, name);
        const error = checkText(value, PLAN_ITEM_MAX, `Fill in "${item.label}"`);
        if (error) errors[name] = error;
        else plan[item.id] = value as string;
      }
      answers[block.id] = plan;
    }
  }
  return Object.keys(errors).length > 0 ? { answers: {}, errors } : { answers, errors };
}

/** What the form shows: saved answers, or what was just typed when it had errors. */
export function formValues(blocks: Block[], saved: Record<string, unknown> | undefined, body?: FormBody): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of blocks) {
    const names = block.kind === 'plan' ? block.items.map((item) => planFieldName(block.id, item.id)) : [block.id];
    for (const name of names) {
      const typed = body?.[name];
      if (typeof typed === 'string') values[name] = typed;
    }
    if (body) continue;
    const answer = saved?.[block.id];
    if (block.kind === 'plan' && answer && typeof answer === 'object') {
      for (const [itemId, value] of Object.entries(answer)) values[planFieldName(block.id, itemId)] = String(value);
    } else if (answer !== undefined && block.kind !== 'plan') {
      values[block.id] = String(answer);
    }
  }
  return values;
}
