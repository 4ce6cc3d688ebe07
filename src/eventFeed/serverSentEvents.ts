import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from './envelope.js';
import type { EventFeed } from './eventFeed.js';
import type { Audience } from './publication.js';

export type LiveTailOptions = {
  after: bigint;
  audience: Audience;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** Asked at each heartbeat: true ends the stream (the server is draining for shutdown). */
  shouldEnd?: () => boolean;
};

/**
 * Streams the feed as Server-Sent Events: one `message` per envelope, its position as the event
 * id, so a reconnecting EventSource resumes exactly (Last-Event-ID). Resolves when the stream ends:
 * the client left, the feed closed, or reading failed (the client reconnects and resumes).
 * Throws before anything is written when `after` is unusable, so the caller can still answer 422.
 */
export async function streamServerSentEvents(
  response: ServerResponse,
  feed: EventFeed,
  options: LiveTailOptions,
): Promise<void> {
  let ended = false;
  const end = () => void (ended = true);
  const closed = once(response, 'close').then(end, end);
  const send = async (chunk: string) => {
    if (ended) return;
    if (!response.write(chunk)) await Promise.race([once(response, 'drain'), closed]);
  };
  // The subscription starts delivering before the headers are out; events wait for them.
  let headersWritten = () => {};
  const ready = new Promise<void>((resolve) => (headersWritten = resolve));
  const deliver = async (envelope: EventEnvelope) => {
    await ready;
    await send(`id: ${envelope.position}\ndata: ${JSON.stringify(envelope)}\n\n`);
  };

  const subscription = await feed.follow(options.after, options.audience, deliver);
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // nginx would otherwise buffer the stream and deliver events in lumps.
    'X-Accel-Buffering': 'no',
  });
  response.flushHeaders();
  await send('retry: 2000\n\n');
  headersWritten();

  const heartbeat = setInterval(() => {
    if (options.shouldEnd?.()) void subscription.stop();
    else void send(': keep-alive\n\n');
  }, options.heartbeatMs ?? 15_000);
  try {
    await Promise.race([closed, subscription.done.catch(() => undefined)]);
  } finally {
    clearInterval(heartbeat);
    await subscription.stop();
    if (!response.writableEnded) response.end();
  }
}
