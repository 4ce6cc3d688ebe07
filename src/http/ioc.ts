import type { IocContainer, IocContainerFactory, ServiceIdentifier } from '@tsoa/runtime';
import type { Request } from 'express';
import type { Services } from '../main.js';

type ControllerClass<T> = new (services: Services) => T;

/** tsoa asks for a controller per request; each gets the services built by the composition root. */
export const iocContainer: IocContainerFactory<Request> = (request): IocContainer => ({
  get: <T>(controller: ServiceIdentifier<T>): T =>
    new (controller as ControllerClass<T>)(request.app.locals.services as Services),
});
