/**
 * The `fetch` kepbot gives Octokit (src/app/http-fetch.ts), against a real local HTTP server: what Octokit's
 * request path reads of a response, redirects, compression, deadlines, broken connections, kept-alive sockets.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { ProbotOctokit } from "probot";
import { createHttpFetch } from "../../src/app/http-fetch.js";
import { createKepbotOctokit, octokitSettings } from "../../src/app/octokit.js";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: unknown;
}

let server: http.Server;
let other: http.Server;
let base: string;
let otherBase: string;
const seen: Seen[] = [];

function routes(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, socket: req.socket });
  const json = (status: number, value: unknown, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(value));
  };
  switch (req.url) {
    case "/repos/o/r":
      return json(200, { full_name: "o/r" }, { "x-ratelimit-remaining": "4999", "set-cookie": ["a=1", "b=2"] });
    case "/echo":
      return json(201, { method: req.method, body });
    case "/gzip":
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(JSON.stringify({ compressed: true })));
      return;
    case "/moved":
      res.writeHead(302, { location: "/repos/o/r" });
      res.end();
      return;
    case "/elsewhere":
      res.writeHead(301, { location: `${otherBase}/landed` });
      res.end();
      return;
    case "/loop":
      res.writeHead(302, { location: "/loop" });
      res.end();
      return;
    case "/missing":
      return json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    case "/slow":
      setTimeout(() => json(200, { late: true }), 2_000).unref();
      return;
    case "/hangup":
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20).unref();
      return;
    default:
      return json(404, { message: "no route" });
  }
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const s = http.createServer(handler);
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve({ server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` })));
}

beforeAll(async () => {
  ({ server, base } = await listen((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => routes(req, res, body));
  }));
  ({ server: other, base: otherBase } = await listen((req, res) => {
    seen.push({ method: req.method ?? "", url: `other:${req.url}`, headers: req.headers, body: "", socket: req.socket });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ landed: true }));
  }));
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((resolve) => server.close(resolve)), new Promise((resolve) => other.close(resolve))]);
});

const fetchFor = () => createHttpFetch({ maxSockets: 4 });

describe("createHttpFetch: what Octokit reads of a response", () => {
  test("status, lower-case headers (iterated as pairs, repeated ones joined), a JSON body", async () => {
    const response = await fetchFor()(`${base}/repos/o/r`, { headers: { Authorization: "token t", Accept: "application/vnd.github+json" } });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/repos/o/r`);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Object.fromEntries(response.headers)).toMatchObject({ "x-ratelimit-remaining": "4999", "set-cookie": "a=1, b=2" });
    expect(await response.json()).toEqual({ full_name: "o/r" });
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: "token t", accept: "application/vnd.github+json", "accept-encoding": "gzip, deflate, br" });
  });

  test("a method and a string body are sent as given", async () => {
    const response = await fetchFor()(`${base}/echo`, { method: "post", body: '{"name":"kepbot"}', headers: { "content-type": "application/json" } });
    expect([response.status, await response.json()]).toEqual([201, { method: "POST", body: '{"name":"kepbot"}' }]);
  });

  test("a body is read once, as with fetch", async () => {
    const response = await fetchFor()(`${base}/repos/o/r`);
    await response.text();
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  test("gzip is decoded", async () => {
    expect(await (await fetchFor()(`${base}/gzip`)).json()).toEqual({ compressed: true });
  });

  test("a redirect of a GET is followed; to another origin without the credentials", async () => {
    const send = fetchFor();
    const same = await send(`${base}/moved`, { headers: { authorization: "token t" } });
    expect([same.status, same.url, await same.json()]).toEqual([200, `${base}/repos/o/r`, { full_name: "o/r" }]);
    expect(seen.at(-1)?.headers.authorization).toBe("token t");
    const away = await send(`${base}/elsewhere`, { headers: { authorization: "token t" } });
    expect(await away.json()).toEqual({ landed: true });
    expect(seen.at(-1)).toMatchObject({ url: "other:/landed" });
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  test("a redirect loop ends with an error, not a hang", async () => {
    await expect(fetchFor()(`${base}/loop`)).rejects.toThrow("fetch failed");
  });

  test("a deadline rejects with the signal's reason (a TimeoutError) at once", async () => {
    const started = performance.now();
    await expect(fetchFor()(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test("a connection that cannot be made, or breaks mid-body, is a TypeError with its cause", async () => {
    const closed = await listen(() => undefined);
    const port = new URL(closed.base).port;
    await new Promise((resolve) => closed.server.close(resolve));
    await expect(fetchFor()(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ name: "TypeError", message: "fetch failed", cause: { code: "ECONNREFUSED" } });
    const broken = await fetchFor()(`${base}/hangup`);
    await expect(broken.text()).rejects.toThrow(TypeError);
  });

  test("sockets are kept alive: requests one after another share a connection", async () => {
    const send = fetchFor();
    const from = seen.length;
    for (let i = 0; i < 5; i++) await (await send(`${base}/repos/o/r`)).text();
    expect(new Set(seen.slice(from).map((request) => request.socket)).size).toBe(1);
  });
});

describe("Octokit over createHttpFetch", () => {
  const octokit = () => new ProbotOctokit({ auth: { token: "t" }, baseUrl: base, request: { fetch: fetchFor() }, throttle: { enabled: false }, retry: { enabled: false } });

  test("a read answers data and headers", async () => {
    const { data, headers, status } = await octokit().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect([status, data, headers["x-ratelimit-remaining"]]).toEqual([200, { full_name: "o/r" }, "4999"]);
  });

  test("a 404 is Octokit's RequestError with GitHub's message", async () => {
    await expect(octokit().request("GET /missing")).rejects.toMatchObject({ name: "HttpError", status: 404, message: "Not Found - https://docs.github.com/rest" });
  });

  test("a deadline is an error of status 500, which kepbot may retry", async () => {
    await expect(octokit().request("GET /slow", { request: { signal: AbortSignal.timeout(100) } })).rejects.toMatchObject({ status: 500 });
  });
});

describe("kepbot's Octokit class", () => {
  test("every instance (Probot makes one for each delivery) sends over the same kept-alive connection", async () => {
    const Octokit = createKepbotOctokit(octokitSettings({}));
    const from = seen.length;
    for (let delivery = 0; delivery < 4; delivery++) await new Octokit({ auth: "t", baseUrl: base }).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(seen.length - from).toBe(4);
    expect(new Set(seen.slice(from).map((request) => request.socket)).size).toBe(1);
  });
});
