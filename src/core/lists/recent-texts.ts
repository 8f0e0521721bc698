/**
 * `parse`, remembering what the last `limit` texts gave. Every judgement reads the lists (a pull request's
 * twice: for its head and for its base), they change rarely, and parsing them was a large part of the CPU a
 * typical pull request cost. The result depends on the text alone and nothing mutates it (read-only
 * types), so a text seen before gets the same result without a parse.
 */
export function rememberingRecentTexts<T>(parse: (text: string) => T, limit = 4): (text: string) => T {
  const recent = new Map<string, T>();
  return (text) => {
    if (recent.has(text)) {
      const known = recent.get(text) as T;
      recent.delete(text); // most recently used last
      recent.set(text, known);
      return known;
    }
    const result = parse(text);
    recent.set(text, result);
    if (recent.size > limit) recent.delete(recent.keys().next().value as string);
    return result;
  };
}
