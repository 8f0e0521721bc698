import { forEachCandidateLine } from "./candidate-lines.js";

/**
 * Slash commands in a comment, the Prow way: `/name args` at the start of a line, one per line, several per
 * comment. Unlike Prow, commands in code, quotes and HTML comments are ignored for every command alike
 * (see candidate-lines.ts), up to 3 leading spaces are allowed (as markdown allows), and the name is
 * case-insensitive for every command.
 */

export interface ParsedCommand {
  /** Without the slash, lower case: `/Label x` → `label`. Unknown names too: the registry decides. */
  readonly name: string;
  /** The rest of the line, trimmed; `""` when there is none. `/kepbot recheck` → name `kepbot`, args `recheck`. */
  readonly args: string;
  /** 1-based line of the comment. */
  readonly line: number;
  /** The command as written, from the slash to the end of the line (HTML comments removed), for quoting in replies. */
  readonly raw: string;
}

/** More commands than this in one comment is abuse, not use: the rest are not read. */
export const maxCommandsPerComment = 50;

export interface CommandScan {
  readonly commands: ParsedCommand[];
  /** True when the comment held more than `maxCommandsPerComment` commands and the rest were dropped. */
  readonly truncated: boolean;
}

export function parseCommands(body: string): ParsedCommand[] {
  return scanCommands(body).commands;
}

/** `parseCommands`, also saying whether commands were dropped, so that a reply can tell the author. */
export function scanCommands(body: string): CommandScan {
  const commands: ParsedCommand[] = [];
  let truncated = false;
  forEachCandidateLine(body, ({ text, line }) => {
    const command = commandOnLine(text, line);
    if (!command) return true;
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

function commandOnLine(text: string, line: number): ParsedCommand | undefined {
  let slash = 0;
  while (slash < 3 && text[slash] === " ") slash++;
  if (text[slash] !== "/") return undefined;
  let nameEnd = slash + 1;
  while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd === slash + 1) return undefined;
  // `/usr/bin`, `/keps/sig-node`, `/lgtm.`: the name must end the line or be followed by whitespace.
  const next = text[nameEnd];
  if (next !== undefined && !/\s/.test(next)) return undefined;
  return {
    name: text.slice(slash + 1, nameEnd).toLowerCase(),
    args: text.slice(nameEnd).trim(),
    line,
    raw: text.slice(slash).trimEnd(),
  };
}

/** `[A-Za-z0-9-]`, by char code: names are ASCII, so `/lábel` is not a command. */
function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}
