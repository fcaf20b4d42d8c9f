// Writes l10n/bundle.l10n.json: every message the host shows, as translators start from it.
// The messages are the first argument of each `vscode.l10n.t('…')` / `l10n.t('…')` call under
// extension/ (read with the TypeScript parser, so quotes and escapes are exact) and the graph
// panel's English table (common/panelStrings.ts), which the host passes through vscode.l10n.t.
// `node scripts/l10n.mjs` writes the file; a unit test checks it is current.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The `t` calls' literal messages in one source file. */
function messagesIn(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = [];
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 't' &&
      /(^|\.)l10n$/.test(node.expression.expression.getText(source)) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The panel's English strings, read from common/panelStrings.ts's ENGLISH_PANEL_STRINGS literal. */
function panelMessages() {
  const file = join(root, 'common', 'panelStrings.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = [];
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'ENGLISH_PANEL_STRINGS') {
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init))) init = init.expression;
      for (const p of init.properties) {
        if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer))
          found.push(p.initializer.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.length === 0) throw new Error('ENGLISH_PANEL_STRINGS not found in common/panelStrings.ts');
  return found;
}

/** The English bundle: message -> message, sorted, as JSON text. */
export function englishBundle() {
  const files = readdirSync(join(root, 'extension'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, 'extension', f));
  const messages = new Set([...files.flatMap(messagesIn), ...panelMessages()]);
  const bundle = Object.fromEntries([...messages].sort().map((m) => [m, m]));
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** Where the bundle lives. */
export const BUNDLE_PATH = join(root, 'l10n', 'bundle.l10n.json');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  writeFileSync(BUNDLE_PATH, englishBundle());
  console.log(`wrote ${BUNDLE_PATH}`);
}
