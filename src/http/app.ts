import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Services } from '../main.js';
import { errorHandler } from './errors.js';
import openApiDocument from './generated/openapi.json' with { type: 'json' };
import { RegisterRoutes } from './generated/routes.js';

export function buildHttpApp(services: Services): express.Express {
  const app = express();
  app.locals.services = services;
  // ETags come from stream revisions, never from Express hashing the body.
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  app.get('/openapi.json', (_req: Request, res: Response) => {
    res.json(openApiDocument);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument));

  RegisterRoutes(app);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) =>
    errorHandler(services.log)(error, req, res, next),
  );
  return app;
}
