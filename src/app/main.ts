import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseEnv } from "node:util";
import { createNodeMiddleware, createProbot, run, type Probot } from "probot";
import kepbot, { createKepbot } from "./index.js";
import { deliveryWorker, enqueueDelivery, reportExhausted } from "./delivery-worker.js";
import { createKepbotOctokit, octokitSettings } from "./octokit.js";
import { createDeliveryQueue } from "./queue.js";
import { createRuntime, type Runtime } from "./runtime.js";
import { createWebhookIntake, githubPayloadCapBytes } from "./webhook-intake.js";

// The server: Probot's standard environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST, GHE_HOST,
// LOG_LEVEL, LOG_FORMAT, REDIS_URL …) plus kepbot's (DRY_RUN, KEPBOT_*), with kepbot's fault handling.
//
// kepbot builds the HTTP server itself rather than use Probot's `run()`: Probot's server puts its webhook
// middleware first, and that reads every body whole before checking its signature. Here a bounded intake
// (webhook-intake.ts) sees each request to the webhook URL first and hands only signed bodies to Probot's
// middleware, which keeps its behaviour (200 when handled, 202 "still processing" after 9 s, 400/415 errors).
//
// A verified delivery is not handled in its request: it is queued (queue.ts; BullMQ on REDIS_URL, else in
// memory) and answered at once, and this process's workers (KEPBOT_WORKERS) take queued deliveries and hand
// them to the app's handlers through `probot.receive`.

const env = process.env;
// As `probot run` does: a `.env` in the working directory is loaded over the environment.
try {
  Object.assign(env, parseEnv(readFileSync(".env", "utf8")));
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

const production = env.NODE_ENV === "production";
// Probot falls back to the secret "development" when none is set: in production that would accept forged deliveries.
if (production && !env.WEBHOOK_SECRET) {
  process.stderr.write("kepbot: WEBHOOK_SECRET is not set; refusing to start in production without it\n");
  process.exit(1);
}

const Octokit = createKepbotOctokit(octokitSettings(env));

function byteSetting(name: string, fallback: number): number {
  const value = Number(env[name]);
  return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The app's server: /ping, the guarded webhook, /ready, /metrics; 404 for the rest. */
async function serve(probot: Probot) {
  let loaded: Runtime | undefined;
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const middleware = await createNodeMiddleware(
    (app, options) => {
      loaded = createRuntime(env, app.log, { dedupeAtIntake: true });
      createKepbot(loaded)(app, options);
    },
    { probot, webhooksPath: webhookPath },
  );
  if (!loaded) throw new Error("kepbot's app was not loaded");
  const runtime: Runtime = loaded;
  const log = probot.log;
  const queueLog = log.child({ name: "queue" });
  const queue = createDeliveryQueue(env, {
    log: queueLog,
    onOutcome: (outcome, delivery) => runtime.metrics.jobs.inc({ event: delivery.name, outcome }),
    onDegraded: () => runtime.metrics.storeUnavailable.inc({ operation: "queue" }),
    onExhausted: (delivery, error) => reportExhausted(probot, runtime, delivery, error, queueLog),
  });
  queue.start(deliveryWorker(probot, runtime));
  const sampler = setInterval(() => void queue.waiting().then((n) => runtime.metrics.jobsWaiting.set(n), () => undefined), 5_000);
  sampler.unref();
  const intake = createWebhookIntake({
    secret: env.WEBHOOK_SECRET || "development",
    maxUnverifiedBytes: byteSetting("KEPBOT_WEBHOOK_UNVERIFIED_BYTES", 2 * githubPayloadCapBytes),
    log: log.child({ name: "webhook" }),
    onRefused: (reason) => runtime.metrics.webhookRefused.inc({ reason }),
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? "").split("?")[0]?.replace(/\/+$/, "") || "/";
    if (path === "/ping" && request.method === "GET") {
      response.writeHead(200, { "content-type": "text/plain" }).end("PONG");
      return;
    }
    if (path === webhookPath && request.method === "POST") {
      if (!(await intake(request, response))) await enqueueDelivery(request, response, queue, runtime, log.child({ name: "webhook" }));
      return;
    }
    await middleware(request, response, () => {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: `Not found: ${request.method} ${path}` }));
    });
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error }, "request failed");
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  const port = Number(env.PORT) || 3000;
  const host = env.HOST || "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  log.info(`kepbot listening on http://${host}:${port} (webhooks at ${webhookPath})`);

  // A rolling update's SIGTERM: stop taking deliveries, let the workers finish the ones they are working on
  // (with Redis, queued ones stay queued for the other replicas), then end.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      let failed = false;
      server.close((error) => void (failed = Boolean(error)));
      server.closeIdleConnections();
      clearInterval(sampler);
      void queue
        .close()
        .catch((error: unknown) => log.error({ err: error }, "the delivery queue did not close cleanly"))
        .then(() => runtime.close())
        .finally(() => process.exit(failed ? 1 : 0));
    });
  }
}

let probot: Probot | undefined;
try {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : production ? "json" : "pretty";
  probot = createProbot({ env: { LOG_LEVEL: "info", ...env }, overrides: { Octokit, logFormat } });
} catch (error) {
  // No APP_ID or private key. In production that is an error; on a developer's machine it starts
  // Probot's setup flow (registering the app), which only `run()` offers.
  if (production) throw error;
}
if (probot) await serve(probot);
else await run(kepbot, { Octokit });
