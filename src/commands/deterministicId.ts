import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, name-based) derived from a client's idempotency key, so a retried create
 * lands on the same stream and is recognised as already done.
 */
export function deterministicUuid(namespace: string, name: string): string {
  const hex = createHash('sha256').update(`${namespace}:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
