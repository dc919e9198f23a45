import { blocksOf, type Step } from '../../src/courses/model';
import { planFieldName } from '../../src/learning/answers';

/** A valid answer to every block on a step, as a learner would submit the form. */
export function answersFor(step: Pick<Step, 'parts'> | { parts: { kind: string }[] }): Record<string, string> {
  const form: Record<string, string> = {};
  for (const block of blocksOf(step as Step)) {
    if (block.kind === 'choice') form[block.id] = String(block.options.findIndex((option) => option.correct));
    else if (block.kind === 'reflection') form[block.id] = `My own answer to: ${block.prompt}`;
    else for (const item of block.items) form[planFieldName(block.id, item.id)] = `My plan: ${item.label}`;
  }
  return form;
}
