/**
 * `parse`, remembering what the last `limit` texts gave. Every judgement reads the lists (a pull request's
 * twice: for its head and for its base), they change rarely, and parsing them was a large part of the CPU a
 * typical pull request cost; a KEP's metadata is read again by every event on its pull request, and by every
 * push that leaves it as it was. The result depends on the text alone and nothing mutates it (read-only
 * types), so a text seen before gets the same result without a parse.
 *
 * `maxChars` bounds the texts remembered together (what they parse to is a few times their size): a text longer
 * than an eighth of it is parsed and not remembered, and the least recently used go first.
 */
export function rememberingRecentTexts<T>(parse: (text: string) => T, limit = 4, maxChars = Number.POSITIVE_INFINITY): (text: string) => T {
  const recent = new Map<string, T>();
  let chars = 0;
  return (text) => {
    if (recent.has(text)) {
      const known = recent.get(text) as T;
      recent.delete(text); // most recently used last
      recent.set(text, known);
      return known;
    }
    const result = parse(text);
    if (text.length > maxChars / 8) return result;
    recent.set(text, result);
    chars += text.length;
    while (recent.size > limit || chars > maxChars) {
      const oldest = recent.keys().next().value as string;
      recent.delete(oldest);
      chars -= oldest.length;
    }
    return result;
  };
}
