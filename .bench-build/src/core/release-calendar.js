/** A freeze of a release as a time; a date alone means the start of that day in UTC. */
export function freezeTime(config, release, freeze) {
    const text = config.releases[release]?.[freeze];
    if (!text)
        return undefined;
    const time = new Date(/T/.test(text) ? text : `${text}T00:00:00Z`);
    return Number.isNaN(time.getTime()) ? undefined : time;
}
/** When a KEP is opted in to the current release after its PRR freeze: which release and when it froze. */
export function lateOptIn(config, now) {
    if (!config.currentRelease)
        return undefined;
    const prrFreeze = freezeTime(config, config.currentRelease, "prr-freeze");
    return prrFreeze && now.getTime() > prrFreeze.getTime() ? { release: config.currentRelease, prrFreeze } : undefined;
}
