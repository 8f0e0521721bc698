import { run } from "probot";
import kepbot from "./index.js";
import { createKepbotOctokit, octokitSettings } from "./octokit.js";

// The server: Probot's standard environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST, GHE_HOST,
// LOG_LEVEL, LOG_FORMAT, REDIS_URL …) plus kepbot's (DRY_RUN, KEPBOT_*), with kepbot's fault handling.
await run(kepbot, { Octokit: createKepbotOctokit(octokitSettings(process.env)) });
