import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { Testbed } from '../../../test/support/commandTestbed.js';
import { commandTestbed } from '../../../test/support/commandTestbed.js';
import { newEvent } from '../../infrastructure/eventStore/eventStore.contract.js';
import type { NewEvent } from '../../infrastructure/eventStore/eventStore.js';
import type { Logger } from '../../infrastructure/logging/logger.js';
import type { ProjectionDeps, Projector } from '../projector.js';
import type { ProjectorRunner, RunProjectorOptions } from '../runProjector.js';
import { runProjector } from '../runProjector.js';

export type LogLine = { level: 'info' | 'warn' | 'error'; message: string; details: Record<string, unknown> };

export type ProjectionTestbed = Testbed & {
  projection: ProjectionDeps;
  /** What the projection code logged. */
  logged: LogLine[];
  /** Starts a runner that is stopped when the test ends. */
  run(projector: Projector, options?: RunProjectorOptions): ProjectorRunner;
  /** Appends `count` events of `type` to a stream of their own; resolves to the last one's position. */
  append(count: number, type?: string): Promise<bigint>;
};

/** The command testbed (real store, codec and handlers on a fresh database) plus projection plumbing. */
export async function projectionTestbed(
  t: ExecutionContext,
  overrides: Parameters<typeof commandTestbed>[1] = {},
): Promise<ProjectionTestbed> {
  const bed = await commandTestbed(t, overrides);
  const logged: LogLine[] = [];
  const line =
    (level: LogLine['level']) =>
    (message: string, details: Record<string, unknown> = {}) =>
      void logged.push({ level, message, details });
  const log: Logger = { info: line('info'), warn: line('warn'), error: line('error') };
  const projection: ProjectionDeps = { pool: bed.db.pool, store: bed.deps.store, codec: bed.deps.codec, log };
  return {
    ...bed,
    projection,
    logged,
    run(projector, options) {
      const runner = runProjector(projection, projector, options);
      t.teardown(() => runner.stop());
      return runner;
    },
    async append(count, type = 'Ticked') {
      const events = Array.from({ length: count }, (_, n) => rawEvent(type, { n }));
      const result = await bed.deps.store.appendToStreams([
        { streamId: `tick-${randomUUID()}`, expectedRevision: 'no_stream', events },
      ]);
      return result.position;
    },
  };
}

/** An event as the store takes it, bypassing the domain and the codec. */
export function rawEvent(type: string, data: Record<string, unknown>): NewEvent {
  return newEvent(type, data);
}
