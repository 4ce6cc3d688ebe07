import type { DatabaseTransactionConnection } from 'slonik';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { ProjectedStatement, Projector } from './projector.js';
import { planWaves, waveStatement } from './statementWaves.js';

export type SkippedEvent = { event: RecordedEvent; reason: string };

/**
 * Applies decoded events inside `tx`: the single-statement effects go in waves (each row's in order,
 * see planWaves), and an event whose effect takes more waits for every effect recorded before it.
 * Answers the events the projector skipped, with why.
 */
export async function applyInWaves(
  tx: DatabaseTransactionConnection,
  projector: Projector,
  decoded: readonly RecordedEvent[],
): Promise<SkippedEvent[]> {
  const skipped: SkippedEvent[] = [];
  let pending: ProjectedStatement[] = [];
  const flush = async () => {
    for (const wave of planWaves(pending)) await tx.query(waveStatement(wave));
    pending = [];
  };
  for (const event of decoded) {
    const change = projector.statementFor?.(event);
    if (change) {
      pending.push(change);
      continue;
    }
    await flush();
    const result = await projector.apply(event, tx);
    if (result !== 'applied') skipped.push({ event, reason: result.skipped });
  }
  await flush();
  return skipped;
}
