import http from "node:http";
import https from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";

/**
 * The `fetch` kepbot gives Octokit: the part of fetch Octokit's request path uses (method, headers, a string
 * body, a signal; status, headers, text/arrayBuffer/json), over Node's own `http`/`https` with kept-alive
 * sockets. Node's global fetch (undici) builds WHATWG streams, Request and Headers objects for every call: under
 * load that was a quarter of kepbot's CPU, and this does the same exchange for a fraction (see `npm run bench`).
 *
 * What it does as fetch does: follows redirects of GET/HEAD (at most 5; the credentials go only to the same
 * origin), decompresses gzip, deflate and brotli, rejects with the signal's reason when it aborts (a deadline
 * is a TimeoutError, which Octokit turns into a status-500 error that may be retried), and with a TypeError
 * whose cause is the socket's error when the connection fails.
 */
export type FetchLike = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

const maxRedirects = 5;

export function createHttpFetch(options: { maxSockets?: number } = {}): FetchLike {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 50, scheduling: "lifo" as const };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };
  return async (input, init = {}) => {
    let url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    let headers = plainHeaders(init.headers);
    for (let hop = 0; ; hop++) {
      const answer = await exchange(agents, url, method, headers, init.body, init.signal ?? undefined);
      const location = answer.headers.get("location");
      const followed = (method === "GET" || method === "HEAD") && init.redirect !== "manual" && [301, 302, 303, 307, 308].includes(answer.status) && location;
      if (!followed) return answer.response;
      if (init.redirect === "error" || hop >= maxRedirects) throw new TypeError("fetch failed", { cause: new Error(`too many redirects from ${url.href}`) });
      await answer.response.arrayBuffer();
      const next = new URL(location, url);
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "authorization"));
      url = next;
    }
  };
}

function plainHeaders(headers: RequestInit["headers"]): Record<string, string> {
  const plain: Record<string, string> = {};
  if (!headers) return plain;
  const entries = Array.isArray(headers) ? headers : headers instanceof Headers ? [...headers] : Object.entries(headers);
  for (const [name, value] of entries) plain[name.toLowerCase()] = String(value);
  plain["accept-encoding"] ??= "gzip, deflate, br";
  return plain;
}

interface Answer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly response: Response;
}

function exchange(agents: Record<"http:" | "https:", http.Agent>, url: URL, method: string, headers: Record<string, string>, body: RequestInit["body"], signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
    if (!transport) return reject(new TypeError("fetch failed", { cause: new Error(`unsupported protocol ${url.protocol}`) }));
    const request = transport.request(url, { method, headers, agent: agents[url.protocol as "http:" | "https:"] });
    const onAbort = () => request.destroy(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    request.on("error", (error) => {
      done();
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
    });
    request.on("response", (incoming) => {
      const responseHeaders = new ResponseHeaders(incoming.headers);
      const bytes = collect(decoded(incoming, responseHeaders.get("content-encoding")), signal).finally(done);
      // A body nobody reads must not be reported as an unhandled rejection.
      bytes.catch(() => undefined);
      const status = incoming.statusCode ?? 0;
      resolve({ status, headers: responseHeaders, response: responseOf(status, incoming.statusMessage ?? "", url.href, responseHeaders, bytes) });
    });
    request.end(typeof body === "string" || body instanceof Uint8Array ? body : body == null ? undefined : String(body));
  });
}

function decoded(incoming: http.IncomingMessage, encoding: string | null): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return incoming.pipe(createGunzip());
    case "deflate":
      return incoming.pipe(createInflate());
    case "br":
      return incoming.pipe(createBrotliDecompress());
    default:
      return incoming;
  }
}

function collect(stream: Readable, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.on("error", (error) => reject(signal?.aborted ? signal.reason : new TypeError("terminated", { cause: error })));
    stream.on("close", () => {
      if (!stream.readableEnded) reject(signal?.aborted ? signal.reason : new TypeError("terminated"));
    });
  });
}

/** What Octokit reads of a Response; the body is read once, as with fetch. */
function responseOf(status: number, statusText: string, url: string, headers: ResponseHeaders, bytes: Promise<Buffer>): Response {
  let used = false;
  const take = () => {
    if (used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
    used = true;
    return bytes;
  };
  const response = {
    status,
    statusText,
    ok: status >= 200 && status < 300,
    url,
    redirected: false,
    headers,
    get bodyUsed() {
      return used;
    },
    text: async () => (await take()).toString("utf8"),
    json: async () => JSON.parse((await take()).toString("utf8")) as unknown,
    arrayBuffer: async () => {
      const buffer = await take();
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    },
  };
  return response as unknown as Response;
}

/** The response's headers as fetch shows them: lower-case names, iterated as pairs, repeated values joined. */
class ResponseHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: http.IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw)) if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(", ") : value);
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.map.forEach(callback);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}
