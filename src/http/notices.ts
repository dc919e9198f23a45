import type { Request, Response } from 'express';

/**
 * The notice a page shows after a change ("Settings saved."), on the page the change redirects to.
 * The address carries a code (`?done=settings-saved`), never the words: with words, anyone could
 * send a link that makes a trusted page say "Your access is suspended, call 0900…". Each page lists
 * the codes it knows and their words; a missing or unknown code shows nothing.
 */
export interface Notices<Code extends string> {
  /** The words for the address's code; undefined when there is none or it is not one of these. */
  of(req: Request): string | undefined;
  /** Sends the browser on (303 See Other) to `path`, whose page shows the notice; `fragment` like "#api-keys". */
  redirect(res: Response, path: string, code: Code, fragment?: string): void;
}

export function notices<Code extends string>(words: Readonly<Record<Code, string>>): Notices<Code> {
  return {
    of(req) {
      const code = req.query.done;
      // Own keys only: "constructor" or "__proto__" is not a code, though every object answers to it.
      return typeof code === 'string' && Object.hasOwn(words, code) ? words[code as Code] : undefined;
    },
    redirect(res, path, code, fragment = '') {
      res.redirect(303, `${path}${path.includes('?') ? '&' : '?'}done=${encodeURIComponent(code)}${fragment}`);
    },
  };
}
