/**
 * A UUID in its canonical textual form.
 * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
 * @example "0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11"
 */
export type UUID = string;
