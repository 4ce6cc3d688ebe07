import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const deriveKey = promisify(argon2);

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export type Argon2Parameters = { memoryKiB: number; passes: number; parallelism: number };
export const defaultArgon2Parameters: Argon2Parameters = { memoryKiB: 19_456, passes: 2, parallelism: 1 };

const TAG_LENGTH = 32;
const SALT_LENGTH = 16;
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
};

/** argon2id from Node's own crypto (Node ≥ 24.7), encoded in the PHC string format other tools read. */
export function createPasswordHasher(parameters: Argon2Parameters = defaultArgon2Parameters): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(SALT_LENGTH);
      const tag = await derive(password, salt, parameters, TAG_LENGTH);
      const { memoryKiB: m, passes: t, parallelism: p } = parameters;
      return `$argon2id$v=19$m=${m},t=${t},p=${p}$${unpadded(salt)}$${unpadded(tag)}`;
    },
    async verify(password, encoded) {
      const match = PHC.exec(encoded);
      if (!match) return false;
      const [, m, t, p, salt, expected] = match as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const expectedTag = Buffer.from(expected, 'base64');
      const tag = await derive(
        password,
        Buffer.from(salt, 'base64'),
        { memoryKiB: Number(m), passes: Number(t), parallelism: Number(p) },
        expectedTag.length,
      );
      return tag.length === expectedTag.length && timingSafeEqual(tag, expectedTag);
    },
  };
}

function derive(password: string, salt: Buffer, parameters: Argon2Parameters, tagLength: number) {
  return deriveKey('argon2id', {
    message: password,
    nonce: salt,
    memory: parameters.memoryKiB,
    passes: parameters.passes,
    parallelism: parameters.parallelism,
    tagLength,
  });
}

const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
