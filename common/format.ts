/**
 * Formatting shared by the extension host and the webview, so a number reads the same in the
 * tree, the Output channel, the graph panel and its exports. Pure: no `vscode`, no DOM.
 */
import type { ObjectRef } from './agentProtocol';

/** Formats a signed integer the way objgraph does (`+12`, `-3`). */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : `${delta}`;
}

/** Formats bytes for people: `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(1)} ${units[unit]}`;
}

/** Formats an address as CPython's `repr` does (`0x7f3a5c1b2e40`). */
export function formatAddress(address: number): string {
  return `0x${Math.max(0, Math.trunc(address)).toString(16)}`;
}

/** The first line of an error's message, for a one-line notification. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The reference of an object, without its display fields (label, size, ...). */
export function refOf(object: ObjectRef): ObjectRef {
  return { address: object.address, typeKey: object.typeKey };
}
