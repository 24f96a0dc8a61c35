/** One request the fake answered, in the order it arrived. */
export interface JournalEntry {
  /** HTTP method. */
  method: string;
  /** The normalised URL (`//` runs in the path collapsed). */
  url: string;
  /** The status answered; 0 when a fault rule dropped the connection. */
  status: number;
  /** The operation id of the route that answered (`RoleAssignments_Create`), or `Unknown`. */
  operation: string;
  /** Object id of the principal named by the bearer token, when there was one. */
  caller?: string;
  /** The `x-ms-request-id` the response carried. */
  requestId: string;
  /** Set when the fake has no route for the request and answered 501 `FakeAzureRouteNotModelled`. */
  unmodelled?: true;
}

/** How many entries a journal keeps unless told otherwise. */
export const DEFAULT_JOURNAL_SIZE = 10_000;

/**
 * The fake's request log: an array (so tests use every array helper on it) that keeps only the
 * last `capacity` entries, so a long-running fake (a soak test, `listen()` behind a CLI) does not
 * grow without bound. `dropped` counts the entries it let go.
 */
export class Journal extends Array<JournalEntry> {
  /** Derived arrays (`filter`, `map`, `slice`) are plain arrays, not journals. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  // Private, so `expect(azure.requests).toEqual([...])` compares entries only.
  #dropped = 0;
  #capacity: number;

  constructor(capacity: number = DEFAULT_JOURNAL_SIZE) {
    super();
    this.#capacity = validCapacity(capacity);
  }

  /** Entries evicted because the journal was full, since it was made or last emptied. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The most entries it keeps. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Appends; once full, the oldest entries make room. */
  override push(...entries: JournalEntry[]): number {
    super.push(...entries);
    const excess = this.length - this.#capacity;
    if (excess > 0) {
      super.splice(0, excess);
      this.#dropped += excess;
    }
    return this.length;
  }

  /** Empties the journal and resets `dropped`. */
  clear(): void {
    super.splice(0);
    this.#dropped = 0;
  }
}

function validCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new Error(`Failed to create the request journal: journalSize must be a whole number ≥ 1, not ${String(capacity)}. Please pass e.g. { journalSize: ${DEFAULT_JOURNAL_SIZE} }.`);
  }
  return capacity;
}
