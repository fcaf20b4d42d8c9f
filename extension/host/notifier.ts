/**
 * Shows messages to the user and remembers the last ones. Everything Leak Hunter tells the user
 * in a notification goes through here, so the messages are consistent and the extension-host
 * tests can read them.
 */
import * as vscode from 'vscode';
import type { UserMessage } from '../core/failures';

export type NoticeLevel = UserMessage['level'];

/** A message as the user saw it. */
export interface ShownNotice {
  readonly level: NoticeLevel;
  readonly text: string;
  readonly actions: readonly string[];
}

const HISTORY = 50;

/** Shows notifications; a chosen action's command runs. */
export class Notifier {
  private readonly shown: ShownNotice[] = [];

  constructor(private readonly log: (line: string) => void) {}

  /** The last messages shown, oldest first. */
  get history(): readonly ShownNotice[] {
    return this.shown;
  }

  /** Shows a message worded by `describeFailure`, with its action as a button. */
  showMessage(message: UserMessage): Promise<string | undefined> {
    return message.action
      ? this.show(message.level, message.text, [message.action.label, message.action.command])
      : this.show(message.level, message.text);
  }

  /** Shows a message with optional buttons, each `[label, command]`; resolves to the label chosen. */
  show(
    level: NoticeLevel,
    text: string,
    ...actions: (readonly [string, string | (() => void)])[]
  ): Promise<string | undefined> {
    this.shown.push({ level, text, actions: actions.map(([label]) => label) });
    if (this.shown.length > HISTORY) {
      this.shown.shift();
    }
    this.log(`${level}: ${text}`);
    const labels = actions.map(([label]) => label);
    const shown =
      level === 'error'
        ? vscode.window.showErrorMessage(text, ...labels)
        : level === 'warning'
          ? vscode.window.showWarningMessage(text, ...labels)
          : vscode.window.showInformationMessage(text, ...labels);
    return Promise.resolve(shown).then((choice) => {
      const action = actions.find(([label]) => label === choice)?.[1];
      if (typeof action === 'string') {
        void vscode.commands.executeCommand(action);
      } else if (action) {
        action();
      }
      return choice;
    });
  }
}
