// Test support: a local node:http server that records what the client sent and replays recorded Graph cassettes.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

const CASSETTES = path.resolve(import.meta.dirname, '../../../test/fixtures/graph-api');

type TruncatedBody = { truncated: true; original_length: number; head: string };

/** A Ruby-SDK VCR cassette as stored in test/fixtures/graph-api (one recorded exchange). */
export type Cassette = {
  request: { method: string; uri: string; headers: Record<string, string[]>; body: string };
  response: {
    status: { code: number; message: string };
    headers: Record<string, string[]>;
    body: string | TruncatedBody;
  };
};

export function loadCassette(name: string): Cassette {
  return JSON.parse(readFileSync(path.join(CASSETTES, `${name}.json`), 'utf8')) as Cassette;
}

/**
 * The stored copy of a large response keeps only its first characters. To replay it we keep every template object
 * that is complete in that head and close the array: real Meta bytes, fewer of them.
 */
function completeTruncatedList(head: string): string {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastComplete = -1;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      // `{"data":[ {...}` : an element of `data` closes when depth falls back to 2.
      if (c === '}' && depth === 2) lastComplete = i;
    }
  }
  if (lastComplete < 0) throw new Error('no complete element in truncated body');
  return `${head.slice(0, lastComplete + 1)}]}`;
}

/** The response body bytes to replay. */
export function responseBody(c: Cassette): string {
  const body = c.response.body;
  return typeof body === 'string' ? body : completeTruncatedList(body.head);
}

/** The cassette's request path and query, e.g. `/v19.0/107878721936019/messages`. */
export function requestPath(c: Cassette): string {
  const url = new URL(c.request.uri);
  return url.pathname + url.search;
}

export type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

export type TestServer = {
  baseUrl: string;
  requests: RecordedRequest[];
  /** How many TCP connections the client opened. */
  connections: () => number;
  close: () => Promise<void>;
};

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Hop-by-hop and length headers are recomputed by node:http for the replayed body.
const NOT_REPLAYED = new Set([
  'content-length',
  'connection',
  'transfer-encoding',
  'content-encoding',
  'keep-alive',
]);

/** Answers every request with the cassette's recorded status, headers and body. */
export function replay(c: Cassette): Handler {
  const body = responseBody(c);
  return (_req, res) => {
    for (const [name, values] of Object.entries(c.response.headers)) {
      if (!NOT_REPLAYED.has(name.toLowerCase())) res.setHeader(name, values);
    }
    res.statusCode = c.response.status.code;
    res.end(body);
  };
}

/** Answers with a JSON body (or raw text) and optional headers. */
export function respond(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(text);
  };
}

/** A Graph error body shaped like the one in docs/meta-rules.md#graph-errors. */
export function graphError(code: number, message: string, details?: string): unknown {
  return {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } }),
      fbtrace_id: 'AtestTrace',
    },
  };
}
