import { forEachCandidateLine } from "./candidate-lines.js";
/** More commands than this in one comment is abuse, not use: the rest are not read. */
export const maxCommandsPerComment = 50;
export function parseCommands(body) {
    return scanCommands(body).commands;
}
/** `parseCommands`, also saying whether commands were dropped, so that a reply can tell the author. */
export function scanCommands(body) {
    const commands = [];
    let truncated = false;
    forEachCandidateLine(body, ({ text, line }) => {
        const command = commandOnLine(text, line);
        if (!command)
            return true;
        // Stopping here also bounds the work on a comment stuffed with commands.
        if (commands.length === maxCommandsPerComment) {
            truncated = true;
            return false;
        }
        commands.push(command);
        return true;
    });
    return { commands, truncated };
}
function commandOnLine(text, line) {
    let slash = 0;
    while (slash < 3 && text[slash] === " ")
        slash++;
    if (text[slash] !== "/")
        return undefined;
    let nameEnd = slash + 1;
    while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd)))
        nameEnd++;
    if (nameEnd === slash + 1)
        return undefined;
    // `/usr/bin`, `/keps/sig-node`, `/lgtm.`: the name must end the line or be followed by whitespace.
    const next = text[nameEnd];
    if (next !== undefined && !/\s/.test(next))
        return undefined;
    return {
        name: text.slice(slash + 1, nameEnd).toLowerCase(),
        args: text.slice(nameEnd).trim(),
        line,
        raw: text.slice(slash).trimEnd(),
    };
}
/** `[A-Za-z0-9-]`, by char code: names are ASCII, so `/lábel` is not a command. */
function isNameChar(code) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}
