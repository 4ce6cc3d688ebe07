import { Controller, Get, Route, Tags } from 'tsoa';
import type { Services } from '../../main.js';

export type Liveness = { status: 'ok' };
export type Readiness = {
  status: 'ok' | 'unavailable';
  /** Each dependency: event store, read-model database, and Redis/Kafka where configured. */
  checks: Record<string, 'ok' | 'unavailable'>;
  /** Events stored but not yet processed, per checkpointed subscriber (PostgreSQL event store only). */
  lag: Record<string, number>;
};

@Route('')
@Tags('Operations')
export class HealthController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /** The process is up. Says nothing about its dependencies; see `/readyz`. */
  @Get('healthz')
  public async liveness(): Promise<Liveness> {
    return { status: 'ok' };
  }

  /** Every dependency answers: 200 when ready for traffic, 503 otherwise. */
  @Get('readyz')
  public async readiness(): Promise<Readiness> {
    const { checks, lag } = await this.services.checkReadiness();
    const ready = Object.values(checks).every((status) => status === 'ok');
    if (!ready) this.setStatus(503);
    return { status: ready ? 'ok' : 'unavailable', checks, lag };
  }
}
