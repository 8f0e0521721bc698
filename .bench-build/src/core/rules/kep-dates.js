import { field, lineOf } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
const dateFields = ["creation-date", "last-updated"];
/** True for a real calendar date written yyyy-mm-dd (rejects 2025-30-01 and 2023-02-30). */
export function isCalendarDate(text) {
    const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!match)
        return false;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
export const kepDates = {
    id: "kep/dates",
    summary: "creation-date and last-updated are real dates written yyyy-mm-dd.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            for (const key of dateFields) {
                const value = field(kep, key);
                if (value && !isCalendarDate(value)) {
                    yield { path: kep.path, line: lineOf(kep, key), message: `${key} "${value}" is not a date in the form yyyy-mm-dd` };
                }
            }
        }
    },
};
