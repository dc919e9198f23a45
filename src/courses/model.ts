/** A course as authors write it: the files of one course folder. */
export interface CourseSource {
  id: string;
  /** Text files by path within the folder: course.yaml and the module Markdown. */
  files: Record<string, string>;
  /** Media by path within the folder, e.g. "media/units.svg". */
  media: Record<string, Buffer>;
}

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export interface ChoiceOption {
  text: string;
  correct: boolean;
  feedback?: string;
}

export interface ChoiceBlock {
  kind: 'choice';
  id: string;
  prompt: string;
  options: ChoiceOption[];
  feedback: string;
}

export interface ReflectionBlock {
  kind: 'reflection';
  id: string;
  prompt: string;
  hint?: string;
}

export interface PlanItem {
  id: string;
  label: string;
  hint?: string;
}

export interface PlanBlock {
  kind: 'plan';
  id: string;
  prompt: string;
  items: PlanItem[];
}

export type Block = ChoiceBlock | ReflectionBlock | PlanBlock;

/** A step's content in order: Markdown text and interactive blocks. */
export type StepPart = { kind: 'text'; markdown: string } | { kind: 'block'; block: Block };

export interface Step {
  /** 1-based position in the whole course: the step's address. */
  number: number;
  moduleNumber: number;
  title: string;
  parts: StepPart[];
}

export interface Module {
  file: string;
  title: string;
  steps: Step[];
}

export interface AttitudeStatement {
  id: string;
  text: string;
}

export interface HelpLine {
  name: string;
  phone?: string;
  text?: string;
}

export interface Course {
  id: string;
  title: string;
  summary: string;
  minutes: number;
  audience?: string;
  /** Every page of the course offers "Leave this site quickly". */
  quickExit: boolean;
  modules: Module[];
  steps: Step[];
  attitudeStatements: AttitudeStatement[];
  help: HelpLine[];
}

export function blocksOf(step: { parts: ({ kind: string } | { kind: 'block'; block: Block })[] }): Block[] {
  return step.parts.flatMap((part) => ('block' in part ? [part.block] : []));
}

/** A published, immutable course version as stored (the courses capability owns course_versions). */
export interface VersionRow {
  id: number;
  course_id: string;
  version: number;
  title: string;
  /** files: the library folder on start; authoring: published in the browser; import: an imported folder or archive. */
  source: 'files' | 'authoring' | 'import';
  content_hash: string;
  files: StoredFiles;
  /** The staff member who published or imported it; null for the library on start and the command line. */
  created_by: number | null;
  created_at: Date;
}

/** A version as the authoring pages list it: no files, and who made it by name. */
export type VersionSummary = Omit<VersionRow, 'files'> & { created_by_name: string | null };

/** A version's files as stored: module text by path, and media by path to content hash. */
export interface StoredFiles {
  text: Record<string, string>;
  media: Record<string, string>;
}

/** A course a referral can be made to: its newest version's title and id. */
export interface CatalogueEntry {
  id: string;
  title: string;
  versionId: number;
}
