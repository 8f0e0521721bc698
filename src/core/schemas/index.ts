import { configSchema } from "./config.schema.js";
import { kepSchema } from "./kep.schema.js";
import { prrSchema } from "./prr.schema.js";
import { receiptSchema } from "./receipt.schema.js";

/** The JSON Schemas published under schemas/ (for editors and other tools); the TS objects are the source. */
export const publishedSchemas = { kep: kepSchema, prr: prrSchema, receipt: receiptSchema, config: configSchema } as const;
