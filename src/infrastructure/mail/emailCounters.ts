export type EmailOutcome =
  /** Handed to the queue. */
  | 'enqueued'
  /** Sent by the worker. */
  | 'sent'
  /** Sent by the subscriber itself because Redis was unreachable. */
  | 'sentDirectly'
  /** A send attempt failed and will be retried. */
  | 'retried'
  /** Given up: the job stays in the failed set, or the direct send is recorded as failed. */
  | 'failed';

/** In-process tallies of the email pipeline, for tests and for a metrics exporter to read. */
export type EmailCounters = {
  count(outcome: EmailOutcome): void;
  snapshot(): Readonly<Record<EmailOutcome, number>>;
};

export function createEmailCounters(onCount: (outcome: EmailOutcome) => void = () => {}): EmailCounters {
  const counts: Record<EmailOutcome, number> = {
    enqueued: 0,
    sent: 0,
    sentDirectly: 0,
    retried: 0,
    failed: 0,
  };
  return {
    count(outcome) {
      counts[outcome] += 1;
      onCount(outcome);
    },
    snapshot: () => ({ ...counts }),
  };
}
