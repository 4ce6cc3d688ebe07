import type { Request as ExpressRequest } from 'express';
import {
  Controller,
  Get,
  Header,
  Produces,
  Query,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import type { EventEnvelope, EventFeedServices } from '../../eventFeed/index.js';
import { PositionBeyondHeadError, streamServerSentEvents } from '../../eventFeed/index.js';
import type { Services } from '../../main.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { HttpError } from '../httpErrors.js';
import { feedReaderOf } from '../requestMeta.js';

export interface EventPage {
  /** User events after `after`, in global order. */
  events: EventEnvelope[];
  /** Send as `after` to continue exactly where this page ended; equals `after` when the page is empty. */
  next: string;
}

/** A JSON Schema document (draft 2020-12). */
export type JsonSchemaDocument = { [key: string]: unknown };

const POSITION = /^[0-9]{1,20}$/;

/**
 * The stream of user events for consumers without Kafka. Events of system streams (the admin roster,
 * uniqueness reservations) are not part of it. Credentials are never included.
 */
@Route('events')
@Tags('Event feed')
export class EventsController extends Controller {
  constructor(private readonly services: Services & EventFeedServices) {
    super();
  }

  /**
   * One page of the global log of user events, oldest first. Start with `after=0` and pass each
   * answer's `next` as the following `after`: no event is skipped or repeated. An empty page means
   * nothing more is visible yet, not the end of the log: a committed event waits until every older
   * transaction has ended, so keep polling (with `wait`). Positions are sparse; compare them, never
   * count with them. Readable by an ADMIN or with a read-only service
   * token (`npm run feed:token`); personal fields are included for an ADMIN only.
   * @param after Position of the last event already seen (0 for the start).
   * @pattern after ^[0-9]{1,20}$
   * @param limit Page size, 1 to 1000.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 1000
   * @param wait Long poll: when no event is there yet, wait up to this many seconds (0 to 25; proxies
   * commonly cut idle requests at 30) for one.
   * @isInt wait
   * @minimum wait 0
   * @maximum wait 25
   */
  @Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
  @Response<ErrorResponse>(403, 'Operation not permitted')
  @Response<ValidationErrorResponse>(422, 'Invalid parameters, or a position beyond the newest event')
  @Get()
  @Security('jwt', ['ADMIN'])
  @Security('feedToken')
  public async list(
    @Request() request: ExpressRequest,
    @Query() after = '0',
    @Query() limit = 100,
    @Query() wait = 0,
  ): Promise<EventPage> {
    return this.services.eventFeed
      .page({ after: BigInt(after), limit, audience: audienceOf(request), waitMs: wait * 1000 })
      .catch(unknownPositionAs422);
  }

  /**
   * Live tail as Server-Sent Events (`text/event-stream`): every user event after `after`, then new
   * ones as they are stored. Each message's `data` is an event envelope and its `id` the event's
   * position, so a reconnecting client resumes with `Last-Event-ID`, which takes precedence over
   * `after`. A comment line every 15 seconds keeps idle connections open. Readable by an ADMIN or
   * with a read-only service token; personal fields are included for an ADMIN only.
   * @param after Position of the last event already seen (0 for the start).
   * @pattern after ^[0-9]{1,20}$
   */
  @Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
  @Response<ErrorResponse>(403, 'Operation not permitted')
  @Response<ValidationErrorResponse>(422, 'Invalid parameters, or a position beyond the newest event')
  @Get('stream')
  @Security('jwt', ['ADMIN'])
  @Security('feedToken')
  @Produces('text/event-stream')
  @SuccessResponse(200, 'A stream of events, until the client disconnects')
  public async stream(
    @Request() request: ExpressRequest,
    @Query() after = '0',
    @Header('Last-Event-ID') lastEventId?: string,
  ): Promise<void> {
    if (lastEventId !== undefined && !POSITION.test(lastEventId)) {
      throw new HttpError(422, 'Last-Event-ID must be an event position (a decimal integer)');
    }
    await streamServerSentEvents(request.res!, this.services.eventFeed, {
      after: BigInt(lastEventId ?? after),
      audience: audienceOf(request),
      shouldEnd: () => request.app.locals.draining === true,
    }).catch(unknownPositionAs422);
  }

  /**
   * The event contract: JSON Schema (draft 2020-12) of every published event type and schema
   * version, generated from the same schemas that validate events when they are written.
   */
  @Get('schema')
  public async schema(): Promise<JsonSchemaDocument> {
    return this.services.eventFeed.schema();
  }
}

/** Personal fields are for an ADMIN; a service token reads the feed without them. */
const audienceOf = (request: ExpressRequest) => {
  const reader = feedReaderOf(request);
  return { personal: 'role' in reader && reader.role === 'ADMIN' };
};

function unknownPositionAs422(error: unknown): never {
  if (error instanceof PositionBeyondHeadError) {
    throw new HttpError(422, `after: no event at or beyond position ${error.after} exists`);
  }
  throw error;
}
