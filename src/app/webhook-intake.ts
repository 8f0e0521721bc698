import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** GitHub caps webhook payloads at 25 MB and delivers nothing larger: a bigger body is not GitHub's. */
export const githubPayloadCapBytes = 25 * 1024 * 1024;
/** GitHub gives a delivery 10 s in all; a body still arriving after this is not GitHub sending it. */
export const defaultReadTimeoutMs = 10_000;

/** Why a request to the webhook URL was refused before it reached Probot (a Prometheus label). */
export type Refusal = "content-type" | "headers" | "signature" | "too-large" | "busy" | "timeout" | "aborted";

export interface IntakeOptions {
  /** WEBHOOK_SECRET: GitHub signs each body with it (`x-hub-signature-256`, HMAC-SHA256). */
  readonly secret: string;
  /** The largest body read; GitHub's cap by default. */
  readonly maxBodyBytes?: number;
  /**
   * Unverified body bytes held at once, over all requests: a request that would pass it is answered 503.
   * Bounds what anonymous senders can make kepbot hold (N bodies of 25 MB cannot pile up), while small
   * deliveries, GitHub's usual, keep getting in beside one large one.
   */
  readonly maxUnverifiedBytes?: number;
  readonly readTimeoutMs?: number;
  readonly log: { warn(details: object, message: string): void };
  readonly onRefused?: (reason: Refusal) => void;
}

declare module "node:http" {
  interface IncomingMessage {
    /** Set by the intake once the body's signature is verified: Probot's middleware then parses this instead of the stream. */
    rawBody?: Buffer | undefined;
  }
}

const applicationJson = /^\s*application\/json\s*(?:;|$)/iu;
const signatureFormat = /^sha256=[0-9a-f]{64}$/u;
const requiredHeaders = ["x-github-event", "x-github-delivery", "x-hub-signature-256"] as const;

interface Refused {
  readonly status: number;
  readonly reason: Refusal;
  readonly message: string;
}

/** A header as one short string for a log line: senders choose these, so they are cut. */
function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(",") : value;
  return text === undefined ? undefined : text.slice(0, 100);
}

/** How long, and for how many more bytes, a refused request's connection lingers before it is cut. */
const lingerMs = 1_000;
const lingerBytes = 8 * 1024 * 1024;

/**
 * Ends a refused request's connection once the answer is out, without reading the rest of its body.
 * The answer says `connection: close` (a keep-alive client must not send its next delivery down this
 * connection). Node then closes the socket at once, and closing a socket with unread input makes TCP
 * reset it, which can destroy the answer before the sender reads it. So, as web servers do ("lingering
 * close"), kepbot half-closes instead, discards what still arrives for a moment (at most `lingerBytes`,
 * never buffered), and then cuts the connection.
 */
function closeAfter(request: IncomingMessage): void {
  const socket = request.socket as Socket & { destroySoon?: () => void };
  // Node ends a `connection: close` response with socket.destroySoon(): end and destroy at once.
  socket.destroySoon = () => {
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, lingerMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    let discarded = 0;
    socket.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > lingerBytes) cut();
    });
    request.resume();
    socket.resume();
    socket.end();
  };
}

/**
 * The guard in front of Probot's webhook middleware. It checks what it can before reading (content type,
 * headers, signature format, declared length), then reads the body with a bounded buffer while computing
 * its HMAC, and only a body whose signature matches goes on (as `request.rawBody`) to be parsed and handled.
 * A refused request is answered at once and logged on one line (delivery id, event, reason): never its body.
 * Returns whether it answered the request (refused it); when not, Probot's middleware takes over.
 */
export function createWebhookIntake(options: IntakeOptions) {
  const maxBody = options.maxBodyBytes ?? githubPayloadCapBytes;
  const maxUnverified = options.maxUnverifiedBytes ?? 2 * maxBody;
  const readTimeoutMs = options.readTimeoutMs ?? defaultReadTimeoutMs;
  const expectedSecret = options.secret;
  let held = 0;

  const refuse = (request: IncomingMessage, response: ServerResponse, refused: Refused, bytes: number): true => {
    options.onRefused?.(refused.reason);
    options.log.warn(
      { delivery: headerText(request, "x-github-delivery"), event: headerText(request, "x-github-event"), reason: refused.message, status: refused.status, bytes },
      "webhook request refused",
    );
    if (!response.headersSent) {
      const body = JSON.stringify({ error: refused.message });
      closeAfter(request);
      response.writeHead(refused.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" }).end(body);
    }
    return true;
  };

  /** Takes `bytes` more of the unverified-bytes allowance, if there is room. */
  const reserve = (bytes: number): boolean => {
    if (held + bytes > maxUnverified) return false;
    held += bytes;
    return true;
  };

  return async function intake(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const contentType = request.headers["content-type"];
    if (typeof contentType !== "string" || !applicationJson.test(contentType)) {
      return refuse(request, response, { status: 415, reason: "content-type", message: 'Unsupported "Content-Type" header value. Must be "application/json"' }, 0);
    }
    const missing = requiredHeaders.filter((name) => request.headers[name] === undefined);
    if (missing.length > 0) return refuse(request, response, { status: 400, reason: "headers", message: `Required headers missing: ${missing.join(", ")}` }, 0);
    const signature = String(request.headers["x-hub-signature-256"]);
    const badSignature: Refused = { status: 400, reason: "signature", message: "signature does not match event payload and secret" };
    if (!signatureFormat.test(signature)) return refuse(request, response, badSignature, 0);

    const declared = request.headers["content-length"] === undefined ? undefined : Number(request.headers["content-length"]);
    const tooLarge: Refused = { status: 413, reason: "too-large", message: `payload larger than GitHub's cap of ${maxBody} bytes` };
    if (declared !== undefined && !(declared <= maxBody)) return refuse(request, response, tooLarge, 0);
    const busy: Refused = { status: 503, reason: "busy", message: "too many unverified webhook bodies in flight; retry" };
    // A declared length is reserved whole before reading; a chunked body reserves as it arrives.
    let reserved = declared ?? 0;
    if (!reserve(reserved)) return refuse(request, response, busy, 0);

    const hmac = createHmac("sha256", expectedSecret);
    const chunks: Buffer[] = [];
    let received = 0;
    try {
      const outcome = await new Promise<Refused | undefined>((resolve) => {
        const timer = setTimeout(() => finish({ status: 408, reason: "timeout", message: `the body did not arrive within ${readTimeoutMs} ms` }), readTimeoutMs);
        const onData = (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBody) return finish(tooLarge);
          if (received > reserved) {
            if (!reserve(received - reserved)) return finish(busy);
            reserved = received;
          }
          hmac.update(chunk);
          chunks.push(chunk);
        };
        const onEnd = () => finish(undefined);
        const onAborted = () => finish({ status: 400, reason: "aborted", message: "the sender closed the connection before the body ended" });
        function finish(result: Refused | undefined) {
          clearTimeout(timer);
          request.off("data", onData).off("end", onEnd).off("error", onAborted).off("close", onEnded);
          // Stop reading a refused body until the answer is out (then closeAfter ends the connection).
          if (result) request.pause();
          resolve(result);
        }
        function onEnded() {
          if (!request.complete) onAborted();
        }
        request.on("data", onData).on("end", onEnd).on("error", onAborted).on("close", onEnded);
      });
      if (outcome) {
        chunks.length = 0;
        return refuse(request, response, outcome, received);
      }
      const expected = Buffer.from(`sha256=${hmac.digest("hex")}`);
      if (!timingSafeEqual(expected, Buffer.from(signature))) {
        chunks.length = 0;
        return refuse(request, response, badSignature, received);
      }
      request.rawBody = Buffer.concat(chunks, received);
      // Probot's middleware reads `rawBody` (and verifies it again) when `body` is an object.
      request.body = {};
      return false;
    } finally {
      held -= reserved;
    }
  };
}
