import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AUDIO_EXTENSIONS, captionsOf, extensionByContent, holdsMarkup, transcriptOf } from '../courses/media';
import type { MediaNote } from './draft-store';
import type { FieldErrors } from './forms';

const MB = 1024 * 1024;
export const MAX_PICTURE_BYTES = 5 * MB;
export const MAX_AUDIO_BYTES = 20 * MB;
export const MAX_CAPTIONS_BYTES = 1 * MB;
/** The most any upload to the media library may be: multer stops reading beyond it. */
export const MAX_UPLOAD_BYTES = MAX_AUDIO_BYTES;
const MAX_TRANSCRIPT_CHARACTERS = 100_000;

type Kind = 'picture' | 'audio' | 'captions';
const KIND_OF: Record<string, Kind> = { '.png': 'picture', '.jpg': 'picture', '.jpeg': 'picture', '.webp': 'picture', '.mp3': 'audio', '.m4a': 'audio', '.vtt': 'captions' };
const LIMITS: Record<Kind, number> = { picture: MAX_PICTURE_BYTES, audio: MAX_AUDIO_BYTES, captions: MAX_CAPTIONS_BYTES };
const NAMES: Record<Kind, string> = { picture: 'a picture', audio: 'audio', captions: 'captions' };

export interface Upload {
  data: Buffer;
  originalName: string;
}

export interface UploadFields {
  alt: string;
  transcript: string;
  captionsFor: string;
}

export interface CheckedUpload {
  /** Where the file goes in the course folder, e.g. media/3f9a0c1d2b4e5f60.png. */
  mediaPath: string;
  files: { mediaPath: string; data: Buffer }[];
  notes: Record<string, MediaNote>;
}

const size = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** A name safe to show: the last part of what the browser sent, without control characters. */
export const shownName = (name: string) => (path.basename(name.replace(/\\/g, '/')).replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 100) || 'file');

/**
 * Checks an upload for the media library. Its type comes from its content, never its name; its stored
 * name is random. Pictures need alt text, audio a transcript, captions the audio they belong to.
 */
export function checkUpload(upload: Upload | undefined, fields: UploadFields, draftMedia: Record<string, string>): CheckedUpload | FieldErrors {
  if (!upload || upload.data.length === 0) return { file: upload ? 'The file is empty. Choose another file' : 'Choose a file to upload' };
  const name = shownName(upload.originalName);
  const extension = extensionByContent(upload.data);
  const kind = extension ? KIND_OF[extension] : undefined;
  const markup = holdsMarkup(upload.data);
  if (!extension || !kind || (markup && kind !== 'captions')) {
    return {
      file: markup
        ? `${name} holds web page, SVG or script code, not a picture or a sound: it cannot be uploaded`
        : `${name} is not a PNG, JPEG or WebP picture, MP3 or M4A audio, or WebVTT captions (checked by its content, not its name)`,
    };
  }
  const claimed = KIND_OF[path.extname(name).toLowerCase()];
  if (claimed && claimed !== kind) return { file: `${name} is named as ${NAMES[claimed]} but holds ${NAMES[kind]}. Check you chose the right file` };
  if (markup) return { file: `${name} holds web page or script code: captions can hold only text and cue timings` };
  if (upload.data.length > LIMITS[kind]) {
    return { file: `${name} is ${size(upload.data.length)}: ${NAMES[kind]} can be up to ${size(LIMITS[kind])}` };
  }

  const errors: FieldErrors = {};
  if (kind !== 'captions') {
    if (!fields.alt) errors.alt = kind === 'picture' ? 'Enter alt text: say what the picture shows' : 'Enter a short description of the recording';
    else if (fields.alt.length > 500) errors.alt = 'The alt text must be 500 characters or fewer';
    else if (/[[\]\r\n]/.test(fields.alt)) errors.alt = 'The alt text cannot hold square brackets or line breaks';
  }
  if (kind === 'audio' && !fields.transcript) errors.transcript = 'Enter the transcript: everything said in the recording';
  if (fields.transcript.length > MAX_TRANSCRIPT_CHARACTERS) errors.transcript = 'The transcript must be 100,000 characters or fewer';
  const audio = Object.keys(draftMedia).filter((file) => AUDIO_EXTENSIONS.includes(path.extname(file)));
  if (kind === 'captions' && !audio.includes(fields.captionsFor)) {
    errors.captionsFor = audio.length > 0 ? 'Choose the audio these captions are for' : 'Upload the audio first, then its captions';
  }
  if (Object.keys(errors).length > 0) return errors;

  const mediaPath = kind === 'captions' ? captionsOf(fields.captionsFor) : `media/${randomBytes(8).toString('hex')}${extension}`;
  const files = [{ mediaPath, data: upload.data }];
  const notes: Record<string, MediaNote> = { [mediaPath]: { kind, originalName: name, ...(kind === 'captions' ? {} : { alt: fields.alt }) } };
  const transcript = transcriptOf(mediaPath);
  if (kind === 'audio' && transcript) {
    files.push({ mediaPath: transcript, data: Buffer.from(`${fields.transcript.replace(/\r\n?/g, '\n').trim()}\n`, 'utf8') });
    notes[transcript] = { kind: 'transcript', originalName: `Transcript of ${name}` };
  }
  return { mediaPath, files, notes };
}

export const isCheckedUpload = (result: CheckedUpload | FieldErrors): result is CheckedUpload => Array.isArray(result.files);
