/** An error with a status and a message safe to show the person who made the request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page') => new HttpError(404, `We could not find that ${what}.`);
