/** Maps debuggee paths to local ones with a launch configuration's `pathMappings`. Pure. */

/** One `pathMappings` entry of a debugpy launch/attach configuration. */
export interface PathMapping {
  readonly localRoot: string;
  readonly remoteRoot: string;
}

/**
 * The local path for `remotePath`: unchanged when there are no mappings (a local session),
 * the mapped path under the longest matching `remoteRoot`, or undefined when the session has
 * mappings and none covers the path (it is not the user's to open). `..` segments are refused.
 */
export function mapRemotePath(remotePath: string, mappings: readonly PathMapping[]): string | undefined {
  const normalized = remotePath.replace(/\\/g, '/');
  if (normalized.split('/').includes('..')) {
    return undefined;
  }
  if (mappings.length === 0) {
    return remotePath;
  }
  let best: PathMapping | undefined;
  for (const m of mappings) {
    const root = trimSlash(m.remoteRoot.replace(/\\/g, '/'));
    if (
      (normalized === root || normalized.startsWith(`${root}/`)) &&
      (!best || root.length > trimSlash(best.remoteRoot).length)
    ) {
      best = m;
    }
  }
  if (!best) {
    return undefined;
  }
  const rest = normalized.slice(trimSlash(best.remoteRoot.replace(/\\/g, '/')).length);
  return `${trimSlash(best.localRoot)}${rest}`;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
