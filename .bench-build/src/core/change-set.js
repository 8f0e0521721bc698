/** Every path the change set touches on the head side or the base side. */
export function touchedPaths(change) {
    const paths = new Set();
    for (const file of change.files) {
        paths.add(file.path);
        if (file.previousPath)
            paths.add(file.previousPath);
    }
    return paths;
}
