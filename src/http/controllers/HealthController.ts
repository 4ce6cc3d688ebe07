import { Controller, Get, Route, Tags } from '@tsoa/runtime';
import type { Services } from '../../main.js';

export type Liveness = { status: 'ok' };
export type Readiness = {
  /**
   * `unavailable` (503) when the database or the event store does not answer; `degraded` (200) when
   * only Redis or Kafka does not: mail then goes out directly and the Kafka relay catches up later,
   * so taking the API out of rotation would turn a partial outage into a full one.
   */
  status: 'ok' | 'degraded' | 'unavailable';
  /** Each dependency: event store, read-model database, and Redis/Kafka where configured. */
  checks: Record<string, 'ok' | 'unavailable'>;
  /** Events stored but not yet processed, per checkpointed subscriber (PostgreSQL event store only). */
  lag: Record<string, number>;
};

/** Without these nothing can be served; the other dependencies have a fallback or catch up later. */
const REQUIRED = new Set(['database', 'eventStore']);

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

  /** Each dependency's state: 200 when the API can serve (perhaps degraded), 503 when it cannot. */
  @Get('readyz')
  public async readiness(): Promise<Readiness> {
    const { checks, lag } = await this.services.checkReadiness();
    const down = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    if (down.some((name) => REQUIRED.has(name))) {
      this.setStatus(503);
      return { status: 'unavailable', checks, lag };
    }
    return { status: down.length === 0 ? 'ok' : 'degraded', checks, lag };
  }
}
