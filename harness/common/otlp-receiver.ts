import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A span as the receiver saw it: enough to tell the learner which of their spans arrived. */
export interface ReceivedSpan {
  readonly name: string;
  readonly service?: string;
}

export interface OtlpReceiver extends AsyncDisposable {
  /** The base URL to hand over as OTEL_EXPORTER_OTLP_ENDPOINT (traces go to `<url>/v1/traces`). */
  readonly url: string;
  readonly spans: readonly ReceivedSpan[];
  /** Requests that were not OTLP traces, described for a failure message. */
  readonly rejected: readonly string[];
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1: accepts `POST /v1/traces` in JSON or protobuf
 * (gzip or not), the way an OpenTelemetry Collector's otlphttp receiver does, and keeps the span
 * names. Answers 200 with an empty ExportTraceServiceResponse.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server = createServer(async (req, res) => {
    const type = req.headers['content-type'] ?? '';
    try {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/traces') {
        throw new Error(`${req.method} ${req.url} (traces go to POST /v1/traces)`);
      }
      const body = await readBody(req);
      spans.push(...(type.includes('json') ? spansOfJson(body.toString('utf8')) : spansOfProtobuf(body)));
      const json = type.includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    } catch (error) {
      rejected.push((error as Error).message);
      res.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  return { url: `http://127.0.0.1:${port}`, spans, rejected, close, [Symbol.asyncDispose]: close };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

interface JsonExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name?: string }[] }[];
  }[];
}

function spansOfJson(text: string): ReceivedSpan[] {
  const request = JSON.parse(text) as JsonExport;
  return (request.resourceSpans ?? []).flatMap((resource) => {
    const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;
    return (resource.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({ name: span.name ?? '', ...(service ? { service } : {}) })),
    );
  });
}

/**
 * ExportTraceServiceRequest in protobuf, read with the wire format alone: resource_spans (1) →
 * resource (1) → attributes (1) {key (1), value (2) {string_value (1)}}, scope_spans (2) → spans (2) → name (5).
 */
function spansOfProtobuf(body: Buffer): ReceivedSpan[] {
  return fields(body, 1).flatMap((resourceSpans) => {
    const resource = fields(resourceSpans, 1)[0];
    const attributes = resource ? fields(resource, 1) : [];
    const serviceAttribute = attributes.find((a) => text(fields(a, 1)[0]) === 'service.name');
    const value = serviceAttribute ? fields(serviceAttribute, 2)[0] : undefined;
    const service = value ? text(fields(value, 1)[0]) : '';
    return fields(resourceSpans, 2).flatMap((scopeSpans) =>
      fields(scopeSpans, 2).map((span) => ({ name: text(fields(span, 5)[0]), ...(service ? { service } : {}) })),
    );
  });
}

const text = (bytes: Buffer | undefined): string => bytes?.toString('utf8') ?? '';

/** The length-delimited fields with this number in one protobuf message. */
function fields(message: Buffer, wanted: number): Buffer[] {
  const found: Buffer[] = [];
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (offset >= message.length) throw new Error('a protobuf message ends inside a varint');
      const byte = message[offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
  };
  while (offset < message.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const length = varint();
      if (field === wanted) found.push(message.subarray(offset, offset + length));
      offset += length;
    } else throw new Error(`not an OTLP protobuf body (wire type ${wire})`);
  }
  return found;
}
