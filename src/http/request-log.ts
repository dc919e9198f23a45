import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** A request's path without its query string: searches hold what officers typed, names included. */
export const pathOf = (url: string | undefined): string => (url ?? '').split('?', 1)[0];

const quiet = (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz';

/**
 * One line per request: id, method, path, status and time taken. Not the headers (cookies and keys
 * are redacted anyway, the rest is noise) and not the query string (personal data). Serialising
 * every header was also the largest share of the logging's cost per request (npm run bench).
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.originalUrl ?? req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    autoLogging: { ignore: quiet },
  });
}
