import type { ExecutionContext } from 'ava';

/** The envelope fields the event feed's specs look at. */
export type FeedEnvelope = {
  eventId: string;
  type: string;
  streamId: string;
  position: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
};

/** Reads an SSE body until a message whose envelope matches; returns it with its `id:` field. */
export async function firstMessageWhere(response: Response, matches: (envelope: FeedEnvelope) => boolean) {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body!) {
    text += decoder.decode(chunk, { stream: true });
    const blocks = text.split('\n\n');
    text = blocks.pop()!;
    for (const block of blocks) {
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id === undefined || data === undefined) continue;
      const envelope = JSON.parse(data) as FeedEnvelope;
      if (matches(envelope)) return { id, envelope };
    }
  }
  throw new Error('the stream ended first');
}

/** Connects to the live tail as `token`; the connection is closed when the test ends. */
export async function openEventStream(t: ExecutionContext, baseUrl: string, token: string, after: string) {
  const abort = new AbortController();
  t.teardown(() => abort.abort());
  const response = await fetch(`${baseUrl}/events/stream?after=${after}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  t.is(response.status, 200);
  t.regex(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  return { response, close: () => abort.abort() };
}
