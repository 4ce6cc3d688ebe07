import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

const PREFIX = 'enc:v1:';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * AES-256-GCM; the output is self-describing so a reader can tell ciphertext from clear text.
 * Keys are KeyObjects: given a Buffer, Node makes one on every call, which costs more than the
 * encryption of a field itself.
 */
export function encryptField(key: KeyObject, plaintext: string): string {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptField(key: KeyObject, stored: string): string {
  if (!isEncrypted(stored)) throw new Error('value is not an encrypted field');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_LENGTH));
  decipher.setAuthTag(raw.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH));
  return Buffer.concat([decipher.update(raw.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()]).toString(
    'utf8',
  );
}

export const isEncrypted = (value: string): boolean => value.startsWith(PREFIX);

/** Wraps a data key with the key-encryption key from the environment (envelope encryption). */
export function wrapKey(keyEncryptionKey: KeyObject, dataKey: Buffer): Buffer {
  return Buffer.from(encryptField(keyEncryptionKey, dataKey.toString('base64')), 'utf8');
}

export function unwrapKey(keyEncryptionKey: KeyObject, wrapped: Buffer): KeyObject {
  return createSecretKey(Buffer.from(decryptField(keyEncryptionKey, wrapped.toString('utf8')), 'base64'));
}

export const generateDataKey = (): Buffer => randomBytes(32);
