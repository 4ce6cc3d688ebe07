/** Streams are `<category>-<id>` with no dash in the category, so `$ce-user` and prefix filters work. */
export const userStreamCategory = 'user';

export const userStream = (userId: string): string => `${userStreamCategory}-${userId}`;

/** The user id of a `user-<id>` stream, or null for any other stream. */
export function userIdFromStream(streamId: string): string | null {
  const prefix = `${userStreamCategory}-`;
  return streamId.startsWith(prefix) && streamId.length > prefix.length
    ? streamId.slice(prefix.length)
    : null;
}
