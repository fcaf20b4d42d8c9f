/**
 * Checks of what arrives from the host before the app acts on it: messages are data, and a
 * malformed one is logged, never thrown.
 */
import type { ObjectGraph } from '../common/agentProtocol';

/** Whether the data looks like a message (an object with a string `type`). */
export function isMessage(data: unknown): data is { type: string } {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

/** Whether a message's graph has the arrays and target a graph needs. */
export function isGraph(graph: unknown): graph is ObjectGraph {
  const g = graph as ObjectGraph | undefined;
  return !!g && Array.isArray(g.nodes) && Array.isArray(g.edges) && typeof g.targetId === 'string';
}

/** The data as short text, for a log line. */
export function describe(data: unknown): string {
  try {
    return (JSON.stringify(data) ?? String(data)).slice(0, 200);
  } catch {
    return String(data).slice(0, 200);
  }
}
