/** Builds the webview app and copies its runtime assets into dist/webview. */
export function buildWebview(): Promise<void>;
/** The directory of the agent's parts (`NN_name.py`). */
export const AGENT_PARTS_DIR: string;
/** Where the build writes the joined agent. */
export const AGENT_OUT: string;
/** The agent module's text: its parts in file-name order, joined. */
export function joinAgentParts(dir?: string): string;
/** Writes the joined agent to dist/agent/leak_hunter_agent.py. */
export function buildAgent(): void;
