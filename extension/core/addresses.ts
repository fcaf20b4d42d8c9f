/** Parsing of object addresses as users type them. Pure. */

/** `0x7f3a…` (as `repr` shows) or a decimal `id()`; undefined when it is neither. */
export function parseAddress(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const value = /^0x[0-9a-f]+$/.test(t)
    ? Number.parseInt(t.slice(2), 16)
    : /^[0-9]+$/.test(t)
      ? Number(t)
      : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
