// Types for codeServer.mjs (used from TypeScript by test/ui/codeServer.ts).
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';

export const repoRoot: string;
export const fixtureExtensionDir: string;
export const screenshotsDir: string;
export const chromiumPath: string;
export const chromiumArgs: string[];
export const smokeTestDriverInitScript: string;

export interface CodeServer {
  url: string;
  port: number;
  host: string;
  pid: number;
  process: ChildProcess;
  tempDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  workspace: string;
  fixture?: boolean;
  vsix?: string;
  port?: number;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  logDir?: string;
  keepTemp?: boolean;
}

export function ensureCodeServer(options?: { quiet?: boolean }): string;
export function freePort(): Promise<number>;
export function installFixtureExtension(extensionsDir: string): string;
export function installVsix(
  bin: string,
  vsix: string,
  options: { extensionsDir: string; userDataDir: string; env: NodeJS.ProcessEnv },
): void;
export function killTree(pid: number | undefined, graceMs?: number): Promise<void>;
export function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer>;
export function launchChromium(): Promise<Browser>;
export function workbenchUrl(
  server: { url: string; host: string },
  options: { workspace: string; extensionDevelopmentPath?: string | string[]; extensionTestsPath?: string },
): string;
