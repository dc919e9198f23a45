import { type Block, blocksOf } from '../../src/courses/model';
import type { RenderedCourse, RenderedStep } from '../../src/courses/render';
import { planFieldName } from '../../src/learning/answers';
import type { Services } from '../../src/services';

export type StepKind = 'text' | 'choice' | 'reflection' | 'plan';

/** The course as a learner starting today gets it: its newest version, rendered. */
export async function loadCourse(services: Services, courseId: string): Promise<RenderedCourse> {
  const version = await services.courses.newestVersion(courseId);
  const course = version && (await services.courses.renderedVersion(version.id));
  if (!course) throw new Error(`Course ${courseId} is not in the library`);
  return course;
}

/** What a step asks of the learner: each kind of block on it, or 'text' when it only has reading. */
export function stepKinds(step: RenderedStep): StepKind[] {
  const kinds = new Set(blocksOf(step).map((block) => block.kind));
  return kinds.size > 0 ? [...kinds] : ['text'];
}

export const hasChoice = (step: RenderedStep) => blocksOf(step).some((block) => block.kind === 'choice');

/** One form field a learner fills in, and how. */
export type FieldAnswer = { kind: 'radio'; name: string; value: string } | { kind: 'text'; name: string; value: string };

/** The right answer to every block on a step, field by field. */
export function answersFor(step: RenderedStep): FieldAnswer[] {
  return blocksOf(step).flatMap(answersForBlock);
}

function answersForBlock(block: Block): FieldAnswer[] {
  switch (block.kind) {
    case 'choice': {
      const correct = block.options.findIndex((option) => option.correct);
      if (correct < 0) throw new Error(`Choice ${block.id} has no correct option`);
      return [{ kind: 'radio', name: block.id, value: String(correct) }];
    }
    case 'reflection':
      return [{ kind: 'text', name: block.id, value: `My own answer to: ${block.prompt}` }];
    case 'plan':
      return block.items.map((item) => ({ kind: 'text', name: planFieldName(block.id, item.id), value: `My plan: ${item.label}` }));
  }
}
