/**
 * The four commands of the contract. Each one returns the JSON document `lake` prints.
 * Replace the `notImplemented` calls criterion by criterion (`lab verify 25 --only R1`), and
 * rename `_options` to `options` once you use it. Split into more files as it grows.
 */

export interface IngestOptions {
  input: string;
  lake: string;
  /** zstd (default), snappy, gzip or uncompressed. */
  compression: string;
  clusterBy: string[];
  rowGroupSize: number | undefined;
}

export interface QueryOptions {
  lake: string;
  /** daily_revenue, top_customers, country_mix or events_by_id. */
  name: string;
  from: string | undefined;
  to: string | undefined;
  limit: number;
  minId: number | undefined;
  maxId: number | undefined;
  version: number | undefined;
}

export interface AppendOptions {
  input: string;
  lake: string;
}

export interface CompressionReportOptions {
  input: string;
  out: string;
}

const notImplemented = (command: string): never => {
  throw new Error(`not implemented yet: ${command} — see README.md`);
};

/** Prints { files, rows }. */
export async function ingest(_options: IngestOptions): Promise<{ files: number; rows: number }> {
  // TODO(R1): read the CSV with DuckDB's read_csv and EXPLICIT column types (see db.ts), and write
  //           Parquet with COPY ... (FORMAT parquet, COMPRESSION <options.compression>).
  // TODO(R2): one folder per UTC date: <lake>/data/date=YYYY-MM-DD/*.parquet (PARTITION_BY).
  // TODO(R3): read each written file's rows, bytes and min/max of event_id, event_time and amount
  //           back, write <lake>/_manifest.json last and atomically (temp file + rename).
  // TODO(B1): also write the first table version, <lake>/_log/00000000000000000000.json.
  // TODO(B2): --cluster-by a,b: order the rows of each partition by those columns (sort or Z-order);
  //           --row-group-size N: ROW_GROUP_SIZE of the Parquet writer.
  return notImplemented('ingest');
}

/** Prints { rows: [...] }. */
export async function query(_options: QueryOptions): Promise<{ rows: unknown[] }> {
  // TODO(R2): daily_revenue, top_customers, country_mix read ONLY the date folders in --from..--to.
  // TODO(R3): events_by_id reads ONLY the files whose manifest event_id [min, max] overlaps the range.
  // TODO(R4): let DuckDB aggregate (GROUP BY in SQL) over just the columns you need; revenue is a
  //           JSON number rounded to 2 decimals; rows in the order the README states.
  // TODO(B1): --version N answers from _log/N instead of the newest version.
  return notImplemented('query');
}

/** Prints { version, files, rows }. */
export async function append(_options: AppendOptions): Promise<{ version: number; files: number; rows: number }> {
  // TODO(B1): new data files under new names, then commit the next _log version atomically
  //           (never overwrite a version another writer committed), then update _manifest.json.
  return notImplemented('append');
}

/** Prints { codecs: [{ codec, files, bytes, writeMs, queryMs }] }. */
export async function compressionReport(_options: CompressionReportOptions): Promise<{ codecs: unknown[] }> {
  // TODO(B3): write the CSV once per codec into <out>/<codec>/ (zstd, snappy, uncompressed at
  //           least); report real file sizes (fs.stat), write time and one aggregate query's time.
  return notImplemented('compression-report');
}
