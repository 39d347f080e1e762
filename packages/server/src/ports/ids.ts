/** Id generation, passed in so tests can predict ids. */
export interface IdGenerator {
  /** A new sortable id (ULID). */
  next(): string;
}
