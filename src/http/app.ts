import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Services } from '../main.js';
import { cors } from './cors.js';
import { errorHandler } from './errors.js';
import { metricsAccess } from './metricsAccess.js';
import openApiDocument from './generated/openapi.json' with { type: 'json' };
import { RegisterRoutes } from './generated/routes.js';
import { accountPages } from './pages/accountPages.js';
import type { RateCounter, RateLimitPolicy } from './rateLimit.js';
import { rateLimiter } from './rateLimit.js';
import { redocPage } from './redoc.js';
import { requestLogging } from './requestLogging.js';
import { securityHeaders } from './securityHeaders.js';

export type HttpOptions = {
  /** Express `trust proxy`: which peers may set X-Forwarded-For (e.g. 'loopback' behind nginx). */
  trustProxy: string | boolean;
  rateLimit: RateLimitPolicy;
  /** Where the rate limits count: this process, or Redis shared by every instance. */
  rateCounter: RateCounter;
  /** Origins whose browser applications may call the API (see cors). */
  corsOrigins: readonly string[];
  /** The SHA-256 of the bearer token `/metrics` asks for; null leaves it open (see metricsAccess). */
  metricsTokenSha256: Buffer | null;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function buildHttpApp(services: Services, options: HttpOptions): express.Express {
  const app = express();
  app.locals.services = services;
  // ETags come from stream revisions, never from Express hashing the body.
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('trust proxy', options.trustProxy);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // While draining for shutdown, tell keep-alive clients to open their next request elsewhere.
    if (req.app.locals.draining === true) res.setHeader('Connection', 'close');
    const incoming = req.header('X-Request-Id');
    res.setHeader('X-Request-Id', incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID());
    next();
  });
  app.use(securityHeaders);
  app.use(cors(options.corsOrigins));
  app.use(requestLogging(services.log, services.metrics));
  app.use((_req: Request, _res: Response, next: NextFunction) => services.inReadScope(next));
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  const limit = rateLimiter(options.rateLimit, options.rateCounter);
  app.post(['/login', '/login/'], limit('login'));
  app.post(['/register', '/register/'], limit('register'));
  app.post(['/verify-email/resend', '/verify-email/resend/'], limit('resend'));
  app.post(['/password-reset/request', '/password-reset/request/'], limit('reset'));
  app.post(['/token/refresh', '/token/refresh/'], limit('refresh'));
  // Guesses at the current password with a signed-in token, counted together.
  app.post(['/me/password', '/me/password/', '/me/close', '/me/close/'], limit('current-password'));

  app.get('/metrics', metricsAccess(options.metricsTokenSha256), async (_req: Request, res: Response) => {
    await services.refreshMetrics();
    res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req: Request, res: Response) => {
    res.json(openApiDocument);
  });
  app.get('/redoc', (_req: Request, res: Response) => {
    res.type('html').send(redocPage('/openapi.json'));
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument));
  app.use(accountPages());

  RegisterRoutes(app);

  app.use((_req: Request, _res: Response, next: NextFunction) => {
    next(Object.assign(new Error('Not Found'), { status: 404, expose: true }));
  });
  app.use(errorHandler(services.log));
  return app;
}
