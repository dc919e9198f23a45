import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import multer from 'multer';
import { declaredGuard } from '../http/access';
import { MAX_ARCHIVE_BYTES } from './archive';
import { MAX_UPLOAD_BYTES } from './media-upload';

export const MEDIA_UPLOAD_PATH = '/authoring/courses/:courseId/draft/media';
export const IMPORT_PATH = '/authoring/import';

export interface UploadProblem {
  status: 400 | 413;
  message: string;
}

/** Why an upload could not be read, for the page to show beside the file field (set by the parser below). */
export const uploadProblemOf = (res: Response): UploadProblem | undefined => res.locals.uploadProblem as UploadProblem | undefined;

const MB = 1024 * 1024;

function describe(error: unknown, maxBytes: number): UploadProblem {
  const code = (error as { code?: unknown }).code;
  if (code === 'LIMIT_FILE_SIZE') {
    const message = maxBytes === MAX_UPLOAD_BYTES
      ? `The file is larger than ${maxBytes / MB} MB: pictures can be up to 5 MB and audio up to 20 MB`
      : `The archive is larger than ${maxBytes / MB} MB`;
    return { status: 413, message };
  }
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') return { status: 400, message: 'Send one file, chosen in the file field' };
  return { status: 400, message: 'The upload could not be read. Choose the file again and send the form once more' };
}

/**
 * Reads one multipart form (fields and one file, in memory, with limits). A problem with the upload
 * is kept for the page to show instead of failing the request, so the form's token can still be checked.
 */
function tolerantUpload(fileField: string, maxBytes: number): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 12, fieldSize: 200_000, parts: 14, headerPairs: 40 },
  }).single(fileField);
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error) {
        res.locals.uploadProblem = describe(error, maxBytes);
        req.file = undefined;
      }
      next();
    });
  };
}

/**
 * Multipart forms carry their CSRF token in a hidden `_csrf` field, as every form does. The token is
 * read from the body, so these two routes' bodies are parsed here, before the CSRF check in app.ts:
 * only for staff who may author (everyone else is turned away before a byte is read), and only into
 * memory; nothing is stored until the route, after the token has been checked.
 */
export function authoringUploadParser(): Router {
  const router = Router();
  router.post(MEDIA_UPLOAD_PATH, declaredGuard('POST', MEDIA_UPLOAD_PATH), tolerantUpload('file', MAX_UPLOAD_BYTES));
  router.post(IMPORT_PATH, declaredGuard('POST', IMPORT_PATH), tolerantUpload('archive', MAX_ARCHIVE_BYTES));
  return router;
}
