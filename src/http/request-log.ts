import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { secretSegmentRedactor } from './declared-paths';
import { ROUTES } from './route-registry';

/** A request's path without its query string: searches hold what officers typed, names included. */
const pathOf = (url: string | undefined): string => (url ?? '').split('?', 1)[0];

const redactSecrets = secretSegmentRedactor(ROUTES);

/**
 * A request's path as logs may hold it: no query string, and no secret the route registry declares
 * in the address (a password link's token becomes /password/[redacted]). Every log line that
 * names a request's path takes it from here.
 */
export const loggedPath = (url: string | undefined): string => redactSecrets(pathOf(url));

const quiet = (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz';

/**
 * One line per request: id, method, path, status and time taken. Not the headers (cookies and keys
 * are redacted anyway, the rest is noise), not the query string (personal data), not a secret in the path. Serialising
 * every header was also the largest share of the logging's cost per request (npm run bench).
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.originalUrl ?? req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    autoLogging: { ignore: quiet },
  });
}
