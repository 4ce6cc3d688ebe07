import type { ChainAuditReport } from './auditAllStreams.js';

const meaning = {
  'hash-mismatch': 'the event, or the one before it, is not as it was appended',
  'revision-gap': 'an event before it is missing',
  'missing-events': "the stream's head is past its last stored event: its newest events are missing",
} as const;

/** The CLI's report: one line per broken stream, then the totals. */
export function chainReportLines(report: ChainAuditReport): string[] {
  const broken = report.broken.map(
    (link) =>
      `BROKEN ${link.streamId} at revision ${link.revision}${link.eventId ? ` (event ${link.eventId})` : ''}: ` +
      `${link.reason}: ${meaning[link.reason]}`,
  );
  const totals = `${report.streams} streams, ${report.events} events checked`;
  return report.broken.length === 0
    ? [`${totals}: every hash chain holds.`]
    : [...broken, `${totals}: ${report.broken.length} broken.`];
}
