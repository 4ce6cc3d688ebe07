import { DomainError } from '../domain/index.js';
import type { Metrics } from '../infrastructure/metrics/metrics.js';
import type { Commands } from './index.js';

/** Counts every use case by outcome, and the events it appended, without touching the use cases. */
export function measuredCommands(commands: Commands, metrics: Metrics): Commands {
  const measured = {} as Record<string, unknown>;
  for (const [name, handler] of Object.entries(commands)) {
    measured[name] = async (...args: unknown[]) => {
      try {
        const result = await (handler as (...args: unknown[]) => Promise<unknown>)(...args);
        metrics.commands.inc({ command: name, outcome: 'ok' });
        for (const event of eventsOf(result)) metrics.eventsAppended.inc({ type: event.type });
        return result;
      } catch (error) {
        metrics.commands.inc({ command: name, outcome: error instanceof DomainError ? 'refused' : 'failed' });
        throw error;
      }
    };
  }
  return measured as Commands;
}

function eventsOf(result: unknown): { type: string }[] {
  if (typeof result !== 'object' || result === null || !('events' in result)) return [];
  return Array.isArray(result.events) ? (result.events as { type: string }[]) : [];
}
