import path from 'node:path';
import { type Request, type Response, Router } from 'express';
import { AUDIO_EXTENSIONS, mediaReferences } from '../courses/media';
import { COURSE_FILE } from '../courses/parse';
import { mediaUrl } from '../courses/service';
import { notFound } from '../http/http-error';
import type { Services } from '../services';
import type { DraftRow } from './draft-store';
import { type FieldErrors, field } from './forms';
import { checkUpload, isCheckedUpload } from './media-upload';
import { actorOf, asHttpError, body, courseIdOf, coursePath, noticeOf, problemErrors, redirectTo } from './pages';
import { noDraft } from './problem';
import { uploadProblemOf } from './upload-parser';

const KINDS: Record<string, string> = { '.png': 'Picture', '.jpg': 'Picture', '.jpeg': 'Picture', '.webp': 'Picture', '.svg': 'Picture', '.mp3': 'Audio', '.m4a': 'Audio', '.vtt': 'Captions', '.txt': 'Transcript' };

/** The draft's media library: what is there, where it is used, the Markdown to use it, and uploads. */
export function mediaRoutes(services: Services): Router {
  const { authoring } = services;
  const router = Router();

  async function draftOf(req: Request): Promise<DraftRow> {
    const draft = await authoring.draft(courseIdOf(req));
    if (!draft) asHttpError(noDraft());
    return draft;
  }

  function library(draft: DraftRow) {
    const uses = new Map<string, string[]>();
    for (const [file, text] of Object.entries(draft.files.text)) {
      if (file === COURSE_FILE) continue;
      for (const reference of mediaReferences(text)) uses.set(reference.path, [...(uses.get(reference.path) ?? []), file]);
    }
    return Object.entries(draft.files.media)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([mediaPath, hash]) => {
        const kind = KINDS[path.extname(mediaPath).toLowerCase()] ?? 'Other';
        const note = draft.media_notes[mediaPath] ?? {};
        const alt = note.alt ?? '';
        return {
          path: mediaPath,
          kind,
          url: mediaUrl(hash, mediaPath),
          alt,
          originalName: note.originalName,
          usedIn: [...new Set(uses.get(mediaPath) ?? [])],
          snippet: kind === 'Picture' || kind === 'Audio' ? `![${alt || 'Say what this shows'}](${mediaPath})` : undefined,
        };
      });
  }

  async function render(req: Request, res: Response, status = 200, errors: FieldErrors = {}, values: Record<string, unknown> = {}) {
    const draft = await draftOf(req);
    res.status(status).render('authoring/media', {
      title: 'Media library',
      courseId: draft.course_id,
      files: library(draft),
      audio: Object.keys(draft.files.media).filter((file) => AUDIO_EXTENSIONS.includes(path.extname(file))),
      values,
      errors,
      notice: noticeOf(req),
    });
  }

  router.get('/authoring/courses/:courseId/draft/media', (req, res) => render(req, res));

  router.post('/authoring/courses/:courseId/draft/media', async (req, res) => {
    const draft = await draftOf(req);
    const values = { alt: field(body(req), 'alt'), transcript: field(body(req), 'transcript'), captionsFor: field(body(req), 'captionsFor') };
    const uploadProblem = uploadProblemOf(res);
    if (uploadProblem) return render(req, res, uploadProblem.status, { file: uploadProblem.message }, values);
    const upload = req.file && { data: req.file.buffer, originalName: req.file.originalname };
    const checked = checkUpload(upload, values, draft.files.media);
    if (!isCheckedUpload(checked)) return render(req, res, 400, checked, values);
    try {
      await authoring.addMedia(draft.course_id, checked, actorOf(req, res));
    } catch (error) {
      const { status, errors } = problemErrors(error);
      return render(req, res, status, errors, values);
    }
    redirectTo(res, coursePath(draft.course_id, '/draft/media'), 'media-uploaded');
  });

  const fileOf = (req: Request, draft: DraftRow) => {
    const file = typeof req.query.file === 'string' ? req.query.file : '';
    if (!(file in draft.files.media)) throw notFound('file');
    return file;
  };

  router.get('/authoring/courses/:courseId/draft/media/remove', async (req, res) => {
    const draft = await draftOf(req);
    const file = fileOf(req, draft);
    const usedIn = library(draft).find((entry) => entry.path === file)?.usedIn ?? [];
    res.render('authoring/confirm', {
      title: 'Remove a file',
      question: `Remove ${file} from the draft?`,
      detail: `${usedIn.length > 0 ? `It is used in ${usedIn.join(', ')}: take it out of those modules too, or the draft will not pass its check. ` : ''}Published versions keep it.`,
      action: `${coursePath(draft.course_id, '/draft/media/remove')}?file=${encodeURIComponent(file)}`,
      button: 'Remove the file',
      back: coursePath(draft.course_id, '/draft/media'),
      errors: {},
    });
  });

  router.post('/authoring/courses/:courseId/draft/media/remove', async (req, res) => {
    const draft = await draftOf(req);
    await authoring.removeMedia(draft.course_id, fileOf(req, draft), actorOf(req, res)).catch(asHttpError);
    redirectTo(res, coursePath(draft.course_id, '/draft/media'), 'media-removed');
  });

  return router;
}
