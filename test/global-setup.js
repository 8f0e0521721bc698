// Unpacks the bundled kubernetes/enhancements corpus once, before any test worker starts.
import { ensureCorpus } from "../scripts/corpus.js";

export default async function globalSetup() {
  await ensureCorpus();
}
