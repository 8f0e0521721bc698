import { expect, test } from "@jest/globals";
import { routeOf } from "../../src/app/metrics.js";

test.each([
  ["a route template stays as it is", { method: "POST", url: "/repos/{owner}/{repo}/check-runs" }, "POST /repos/{owner}/{repo}/check-runs"],
  ["a later page's absolute URL folds back into a route", { method: "GET", url: "https://api.github.com/repos/kubernetes/enhancements/pulls/4242/files?per_page=100&page=2" }, "GET /repos/{owner}/{repo}/pulls/{number}/files"],
  ["GitHub Enterprise's /api/v3 prefix is dropped", { method: "GET", url: "http://ghe.example/api/v3/repos/o/r/pulls/7/files?page=3" }, "GET /repos/{owner}/{repo}/pulls/{number}/files"],
  ["GraphQL keeps its path", { method: "POST", url: "/graphql" }, "POST /graphql"],
])("%s", (_name, options, route) => {
  expect(routeOf(options)).toBe(route);
});
