import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  httpInFlight: Gauge;
  commands: Counter<'command' | 'outcome'>;
  eventsAppended: Counter<'type'>;
  subscriptionLag: Gauge<'subscription'>;
  emailJobs: Gauge<'state'>;
  readModelReads: Counter<'read' | 'source'>;
};

/**
 * One registry per process, created by the composition root and passed where needed (no global
 * default registry, so tests can build several applications side by side).
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  // The event-loop delay is sampled by a timer: prom-client's default, every 10 ms, woke an idle
  // process 100 times a second (about 1% of a core). Every 100 ms still catches any stall that
  // matters to a scrape every few seconds.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpInFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'Requests received and not yet answered (scrapes of /metrics excluded)',
      registers: [registry],
    }),
    commands: new Counter({
      name: 'commands_total',
      help: 'Commands handled, by use case and outcome (ok, refused, failed)',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    }),
    eventsAppended: new Counter({
      name: 'events_appended_total',
      help: 'User events appended by this process, by type',
      labelNames: ['type'],
      registers: [registry],
    }),
    subscriptionLag: new Gauge({
      name: 'subscription_lag_events',
      help: 'Events stored but not yet processed, per checkpointed subscriber (capped at 100000)',
      labelNames: ['subscription'],
      registers: [registry],
    }),
    emailJobs: new Gauge({
      name: 'email_jobs',
      help: 'Email jobs in the BullMQ queue by state (failed ones stay until someone looks)',
      labelNames: ['state'],
      registers: [registry],
    }),
    readModelReads: new Counter({
      name: 'read_model_reads_total',
      help:
        'Account and page reads by source: a statement, or reused (read earlier at the same state of ' +
        'the read model); PostgreSQL event store only',
      labelNames: ['read', 'source'],
      registers: [registry],
    }),
  };
}
