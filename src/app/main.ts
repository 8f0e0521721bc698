import { run } from "probot";
import kepbot from "./index.js";
import { createKepbotOctokit, octokitSettings } from "./octokit.js";

// The server: Probot's standard environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST, GHE_HOST,
// LOG_LEVEL, LOG_FORMAT, REDIS_URL …) plus kepbot's (DRY_RUN, KEPBOT_*), with kepbot's fault handling.

// Probot falls back to the secret "development" when none is set: in production that would accept forged deliveries.
if (process.env.NODE_ENV === "production" && !process.env.WEBHOOK_SECRET) {
  process.stderr.write("kepbot: WEBHOOK_SECRET is not set; refusing to start in production without it\n");
  process.exit(1);
}

const server = await run(kepbot, { Octokit: createKepbotOctokit(octokitSettings(process.env)) });

// Stop taking deliveries and let those in flight finish before the process ends (a rolling update's SIGTERM).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
