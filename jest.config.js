/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.tsx?$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }] },
  testMatch: ["**/test/**/*.test.ts"],
  testTimeout: 30000,
  // Unpacks the bundled kubernetes/enhancements corpus (fixtures/) once for every suite.
  globalSetup: "<rootDir>/test/global-setup.js",
};
