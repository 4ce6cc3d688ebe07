import pg from 'pg';

export type NotificationListener = {
  /** Calls back on every notification, and after each (re)connection since some may have been missed. */
  subscribe(callback: () => void): () => void;
  close(): Promise<void>;
};

const RECONNECT_DELAY_MS = 1_000;

/**
 * LISTEN needs a connection of its own that outlives any query, which a pool cannot lend, and slonik
 * does not surface notifications: so this holds one plain `pg` client. While it is down, subscribers
 * still progress by polling; it reconnects in the background. It connects on the first subscription.
 */
export function createNotificationListener(url: string, channel: string): NotificationListener {
  const callbacks = new Set<() => void>();
  const notifyAll = () => callbacks.forEach((callback) => callback());
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const connect = async () => {
    const candidate = new pg.Client({ connectionString: url });
    client = candidate;
    const dropped = () => {
      if (client !== candidate) return;
      client = null;
      void candidate.end().catch(() => undefined);
      if (!closed) reconnectTimer = setTimeout(() => (connecting = connect()), RECONNECT_DELAY_MS);
    };
    candidate.on('notification', notifyAll);
    candidate.on('error', dropped);
    candidate.on('end', dropped);
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${candidate.escapeIdentifier(channel)}`);
      notifyAll();
    } catch {
      dropped();
    }
  };

  return {
    subscribe(callback) {
      callbacks.add(callback);
      // The connection opens on first use: a process that never waits holds none.
      if (!closed && !connecting) connecting = connect();
      return () => callbacks.delete(callback);
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      await connecting;
      const current = client;
      client = null;
      await current?.end();
    },
  };
}
