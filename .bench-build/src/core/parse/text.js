const decoder = new TextDecoder("utf-8", { fatal: true });
/**
 * Decodes a file as UTF-8 text, refusing binary content and files over `maxBytes`, so that rules
 * never see garbage and a 5 MB file cannot slow the check down.
 */
export function decodeText(bytes, maxBytes) {
    if (bytes.byteLength > maxBytes) {
        return { ok: false, message: `file is ${formatBytes(bytes.byteLength)}, larger than the ${formatBytes(maxBytes)} kepbot reads for this kind of file` };
    }
    if (bytes.includes(0))
        return { ok: false, message: "file is binary (it contains NUL bytes), not text" };
    try {
        const text = decoder.decode(bytes);
        return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    }
    catch {
        return { ok: false, message: "file is not valid UTF-8 text" };
    }
}
export function formatBytes(bytes) {
    if (bytes >= 1 << 20)
        return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
    if (bytes >= 1 << 10)
        return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
    return `${bytes} bytes`;
}
