import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../infrastructure/logging/logger.js';
import type { Metrics } from '../infrastructure/metrics/metrics.js';
import type { ServicePrincipal } from './authentication.js';

/** Paths that carry a secret in the URL itself: the link token of an emailed verification link. */
const secretInPath = /^(\/verify-email\/[^/]+\/)[^/?]+/;

const isServicePrincipal = (user: unknown): user is ServicePrincipal =>
  typeof user === 'object' &&
  user !== null &&
  typeof (user as Partial<ServicePrincipal>).service === 'string';

export const loggableUrl = (url: string): string =>
  url.replace(secretInPath, '$1[redacted]').replace(/\?.*$/, '');

/**
 * One JSON line per request with its request id (also the correlation id of every event it
 * causes), and the latency histogram by route template. Never a token, header secret or query.
 */
export function requestLogging(log: Logger, metrics: Metrics): RequestHandler[] {
  const measure: RequestHandler = (req, res, next) => {
    const stop = metrics.httpRequests.startTimer({ method: req.method });
    const counted = req.path !== '/metrics';
    if (counted) metrics.httpInFlight.inc();
    res.on('close', () => {
      if (counted) metrics.httpInFlight.dec();
    });
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      stop({ route, status: String(res.statusCode) });
    });
    next();
  };
  if (!log.pino) return [measure];
  const logging = pinoHttp({
    logger: log.pino,
    genReqId: (_req: IncomingMessage, res: ServerResponse) => String(res.getHeader('X-Request-Id')),
    // The request id bound once, as `requestId`, on every line of the request.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // A service that read the event feed is named on its request line: who read the log is audited.
    customProps: (req: IncomingMessage) => {
      const { user } = req as IncomingMessage & { user?: unknown };
      return isServicePrincipal(user) ? { feedService: user.service } : {};
    },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: loggableUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
  return [measure, logging];
}
