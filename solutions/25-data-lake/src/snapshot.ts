/** Min and max of a column in one file. */
export interface MinMax<T> {
  readonly min: T;
  readonly max: T;
}

/** One data file of the lake, as the manifest and every log version list it. */
export interface FileEntry {
  /** Relative to the lake folder, with `/` separators. */
  readonly path: string;
  readonly partition: { readonly date: string };
  readonly rows: number;
  readonly bytes: number;
  readonly stats: {
    readonly event_id: MinMax<number>;
    /** ISO 8601 UTC, e.g. 2024-01-01T00:00:07Z. */
    readonly event_time: MinMax<string>;
    readonly amount: MinMax<number>;
  };
}

/** One table version: every live data file, nothing else. `_manifest.json` and `_log/N.json` hold one. */
export interface Snapshot {
  readonly version: number;
  readonly files: readonly FileEntry[];
}
