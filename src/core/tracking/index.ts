export * from "./board-filters.js";
export * from "./enhancement-issue.js";
export * from "./track-release.js";
export * from "./tracked-enhancement.js";
export * from "./tracked-issues.js";
export * from "./verdict.js";
export * from "./issue-export.js";
