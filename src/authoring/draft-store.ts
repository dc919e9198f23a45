import type { Knex } from 'knex';
import type { StoredFiles } from '../courses/model';
import type { Database } from '../db/database';

/** What the author told us about an uploaded file; the Markdown to paste is made from it. */
export interface MediaNote {
  alt?: string;
  /** The name the file had on the author's computer: shown, never used to store it. */
  originalName?: string;
  kind?: 'picture' | 'audio' | 'captions' | 'transcript';
}

export interface DraftRow {
  course_id: string;
  based_on_version: number | null;
  files: StoredFiles;
  media_notes: Record<string, MediaNote>;
  revision: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export type DraftSummary = Omit<DraftRow, 'files' | 'media_notes'> & { updated_by_name: string | null; course_yaml: string | null };

const SUMMARY_COLUMNS = ['course_id', 'based_on_version', 'revision', 'created_by', 'updated_by', 'created_at', 'updated_at'].map(
  (column) => `course_drafts.${column}`,
);

/** The course_drafts table: one shared draft per course. */
export function draftStore(db: Database) {
  return {
    async find(courseId: string): Promise<DraftRow | undefined> {
      return db<DraftRow>('course_drafts').where({ course_id: courseId }).first();
    },

    async summaries(): Promise<DraftSummary[]> {
      return db('course_drafts')
        .leftJoin('users', 'users.id', 'course_drafts.updated_by')
        .select(SUMMARY_COLUMNS)
        .select('users.name as updated_by_name')
        .select(db.raw("course_drafts.files #>> '{text,course.yaml}' as course_yaml"));
    },

    /** A new draft, unless the course already has one (then nothing happens and false comes back). */
    async insert(trx: Knex, draft: Pick<DraftRow, 'course_id' | 'based_on_version' | 'files' | 'media_notes' | 'created_by'>): Promise<boolean> {
      const inserted = await trx('course_drafts')
        .insert({
          ...draft,
          files: JSON.stringify(draft.files),
          media_notes: JSON.stringify(draft.media_notes),
          updated_by: draft.created_by,
        })
        .onConflict('course_id')
        .ignore()
        .returning('course_id');
      return inserted.length > 0;
    },

    /** Saves a changed draft only if nobody saved it since it was read (same revision). */
    async update(trx: Knex, draft: DraftRow, userId: number | null): Promise<boolean> {
      // returning(): inside a transaction knex-pglite answers a delete or update with a raw result, not a count.
      const rows = await trx('course_drafts')
        .where({ course_id: draft.course_id, revision: draft.revision })
        .update({
          files: JSON.stringify(draft.files),
          media_notes: JSON.stringify(draft.media_notes),
          revision: draft.revision + 1,
          updated_by: userId,
          updated_at: trx.fn.now(),
        })
        .returning('course_id');
      return rows.length === 1;
    },

    /** Removes the draft if it is still the revision given; false when someone changed it meanwhile. */
    async remove(trx: Knex, courseId: string, revision: number): Promise<boolean> {
      const rows = await trx('course_drafts').where({ course_id: courseId, revision }).delete().returning('course_id');
      return rows.length === 1;
    },
  };
}

export type DraftStore = ReturnType<typeof draftStore>;
