import { z } from 'zod';
import { publishedStreamPrefixes } from '../../src/eventFeed/index.js';
import { sql } from '../../src/infrastructure/postgres/sql.js';
import type { HttpTestbed } from './httpTestbed.js';
import type { FeedEnvelope } from './serverSentEvents.js';

export type FeedPage = { events: FeedEnvelope[]; next: string };

const storedEventRow = z.object({ eventId: z.string(), position: z.bigint() });

/**
 * Every published event in the table, in position order, including committed ones the feed still
 * holds back behind an older open transaction: what a complete read of the feed must come to.
 */
export async function storedPublishedEvents(bed: HttpTestbed) {
  return bed.app.infra.pool.any(sql.type(storedEventRow)`
    select event_id as "eventId", position from events
    where stream_id ^@ any(${sql.array([...publishedStreamPrefixes], 'text')})
    order by position
  `);
}

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
