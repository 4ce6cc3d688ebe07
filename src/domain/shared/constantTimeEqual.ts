/**
 * Compares two strings without an early exit, so the time taken does not reveal how long a prefix of a guessed
 * token hash was right. A length difference is folded into the result instead of returning at once; the lengths
 * of our hashes are public anyway.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let index = 0; index < length; index += 1) {
    difference |= (a.charCodeAt(index) || 0) ^ (b.charCodeAt(index) || 0);
  }
  return difference === 0;
}
