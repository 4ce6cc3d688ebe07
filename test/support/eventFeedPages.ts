import { publishedStreamPrefixes } from '../../src/eventFeed/index.js';
import type { HttpTestbed } from './httpTestbed.js';
import type { FeedEnvelope } from './serverSentEvents.js';
import { storedEvents } from './storedEvents.js';

export type FeedPage = { events: FeedEnvelope[]; next: string };

/** Every published event stored, held back or not: what a complete read of the feed must come to. */
export const storedPublishedEvents = (bed: HttpTestbed) =>
  storedEvents(bed.app.infra.pool, publishedStreamPrefixes);

/**
 * Follows `next` from the start through the newest published event stored when it begins. An empty
 * page does not mean the end: committed events wait while any older transaction (another test's,
 * in the same cluster) is open, so every request long-polls and returns as soon as they show.
 */
export async function readWholeFeed(bed: HttpTestbed, token: string, limit: number): Promise<FeedPage[]> {
  const through = (await storedPublishedEvents(bed)).at(-1)?.position ?? 0n;
  const pages: FeedPage[] = [];
  for (let after = 0n; after < through;) {
    const answer = await bed.call('GET', `/events?after=${after}&limit=${limit}&wait=5`, { token });
    if (answer.status !== 200) throw new Error(`GET /events answered ${answer.status}`);
    const page = answer.body as FeedPage;
    if (page.events.length === 0) throw new Error(`no event after ${after} showed within 5 s`);
    pages.push(page);
    after = BigInt(page.next);
  }
  return pages;
}
