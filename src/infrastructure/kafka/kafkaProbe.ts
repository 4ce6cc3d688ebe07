import type { Admin } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';

export type KafkaProbe = {
  /** Whether a broker answers a metadata request within `timeoutMs`. */
  reachable(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
};

/**
 * For readiness: one admin connection, opened on the first probe and reopened after a failure. It
 * does not retry (the next probe is the retry) and logs nothing: an outage is the relay's to report.
 */
export function createKafkaProbe(settings: { brokers: string[]; clientId: string }): KafkaProbe {
  const kafka = new Kafka({
    clientId: `${settings.clientId}-readiness`,
    brokers: settings.brokers,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  let admin: Admin | null = null;

  const probe = async () => {
    admin ??= kafka.admin();
    await admin.connect();
    await admin.describeCluster();
  };
  const disconnect = async () => {
    const current = admin;
    admin = null;
    await current?.disconnect().catch(() => undefined);
  };

  return {
    async reachable(timeoutMs = 3_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      });
      try {
        await Promise.race([probe(), timeout]);
        return true;
      } catch {
        await disconnect();
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: disconnect,
  };
}
