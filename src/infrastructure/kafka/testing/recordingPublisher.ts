import type { RelayPublisher } from '../kafkaPublisher.js';
import type { RelayMessage } from '../relayMessages.js';

export type RecordingPublisher = RelayPublisher & {
  /** Every record acknowledged so far, in the order sent. */
  readonly sent: RelayMessage[];
  /** While true, connect() and publish() fail as an unreachable broker would. */
  brokerDown: boolean;
  /** The next `count` publish() calls fail after connecting fine. */
  failNextPublishes(count: number): void;
  readonly connects: number;
};

/**
 * Stands in for the broker in specs of the relay loop (checkpoints, restarts, ordering) against a
 * real database. What Kafka itself does with the records is covered by kafkaRelay.kafka.int.spec.ts.
 */
export function recordingPublisher(): RecordingPublisher {
  let failPublishes = 0;
  const recorder: RecordingPublisher = {
    sent: [],
    brokerDown: false,
    connects: 0,
    failNextPublishes: (count) => void (failPublishes = count),
    async connect() {
      if (recorder.brokerDown) throw new Error('connect ECONNREFUSED (broker down)');
      (recorder as { connects: number }).connects += 1;
    },
    async publish(messages) {
      if (recorder.brokerDown) throw new Error('broker down');
      if (failPublishes > 0) {
        failPublishes -= 1;
        throw new Error('request timed out');
      }
      recorder.sent.push(...messages);
    },
    async disconnect() {},
  };
  return recorder;
}
