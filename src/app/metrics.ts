import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** kepbot's Prometheus metrics, served at /metrics. One registry per process. */
export class Metrics {
  readonly registry = new Registry();
  readonly events = new Counter({ name: "kepbot_events_total", help: "Webhook events handled, by event, action and outcome", labelNames: ["event", "action", "outcome"] as const, registers: [this.registry] });
  readonly handlingSeconds = new Histogram({
    name: "kepbot_event_handling_seconds",
    help: "Time from receiving an event to finishing its handling",
    labelNames: ["event"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly githubRequests = new Counter({ name: "kepbot_github_requests_total", help: "Requests to GitHub, by route and status", labelNames: ["route", "status"] as const, registers: [this.registry] });
  readonly storeUnavailable = new Counter({ name: "kepbot_store_unavailable_total", help: "Deliveries coordinated locally because Redis did not answer, by operation", labelNames: ["operation"] as const, registers: [this.registry] });
  readonly webhookRefused = new Counter({ name: "kepbot_webhook_refused_total", help: "Requests to the webhook URL refused before handling (bad signature, too large, too many at once …), by reason", labelNames: ["reason"] as const, registers: [this.registry] });
  readonly checkRunsSwept = new Counter({ name: "kepbot_check_runs_swept_total", help: "Check runs left in progress by a stopped kepbot process, completed by the sweep", registers: [this.registry] });
  readonly jobsEnqueued = new Counter({ name: "kepbot_jobs_enqueued_total", help: "Deliveries queued by this process's webhook route, by event", labelNames: ["event"] as const, registers: [this.registry] });
  readonly jobs = new Counter({ name: "kepbot_jobs_total", help: "Queued deliveries worked on, by event and outcome (done, retry, failed, superseded)", labelNames: ["event", "outcome"] as const, registers: [this.registry] });
  readonly jobsFailed = new Counter({ name: "kepbot_jobs_failed_total", help: "Queued deliveries that failed on their last attempt (or whose workers kept dying), by event", labelNames: ["event"] as const, registers: [this.registry] });
  readonly jobsWaiting = new Gauge({ name: "kepbot_jobs_waiting", help: "Deliveries queued and not yet taken by a worker (sampled when /metrics is read)", registers: [this.registry] });
  readonly rateLimitRemaining = new Gauge({ name: "kepbot_github_rate_limit_remaining", help: "x-ratelimit-remaining of the latest GitHub response, by installation", labelNames: ["installation"] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "kepbot_" });
  }
}

/**
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` from Octokit's request options: routes, not URLs,
 * keep label cardinality low. Octokit passes the route template, except for the absolute URLs of later
 * pages, whose repository and numbers are folded back into placeholders.
 */
export function routeOf(options: { method?: string; url?: string }): string {
  const path = ((options.url ?? "").split("?")[0] ?? "").replace(/^https?:\/\/[^/]+/, "").replace(/^\/api\/v3(?=\/)/, "");
  const route = path.includes("{") ? path : path.replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}").replace(/\/[0-9]+(?=\/|$)/g, "/{number}");
  return `${options.method ?? "GET"} ${route}`;
}
