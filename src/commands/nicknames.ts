const adjectives = ['brave', 'calm', 'clever', 'eager', 'gentle', 'happy', 'keen', 'lucky', 'quiet', 'swift'];
const animals = ['badger', 'falcon', 'fox', 'heron', 'lynx', 'otter', 'panda', 'raven', 'tiger', 'wolf'];

/**
 * A readable nickname such as `clever_fox_4821`, as the original service generated, derived from
 * a fresh UUID so it needs no randomness of its own. Uniqueness is enforced by reservation.
 */
export function nicknameFrom(uuid: string): string {
  const digits = uuid.replace(/[^0-9a-f]/gi, '');
  const pick = (list: readonly string[], offset: number) =>
    list[parseInt(digits.slice(offset, offset + 2), 16) % list.length]!;
  const number = parseInt(digits.slice(4, 9), 16) % 10_000;
  return `${pick(adjectives, 0)}_${pick(animals, 2)}_${number}`;
}
