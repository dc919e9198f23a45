import type { Response } from 'express';

/**
 * Writes a chunk of a long response and waits while the client catches up (a download on a slow
 * line must not pile up in memory). Rejects if the client goes away first, so the caller stops.
 */
export function written(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('The client went away'));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const drained = () => {
      res.off('close', closed);
      resolve();
    };
    const closed = () => {
      res.off('drain', drained);
      reject(new Error('The client went away'));
    };
    res.once('drain', drained);
    res.once('close', closed);
  });
}
