// npm links the bins of dependencies into node_modules/.bin, never the project's own: link kepbot's so
// that `npx kepbot …` in this checkout runs it at once instead of installing the project into npx's cache.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";

const bin = new URL("../node_modules/.bin/", import.meta.url);
mkdirSync(bin, { recursive: true });
rmSync(new URL("kepbot", bin), { force: true });
symlinkSync("../../bin/kepbot.js", new URL("kepbot", bin));
