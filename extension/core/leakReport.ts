/**
 * "Leak Hunter: Copy Leak Report": the Markdown of a Find Leaks recording, for a bug report or a
 * pull request: each suspect's path, counts, growth, suspect reference and source lines. Pure:
 * everything comes in as data; names from the debuggee are quoted as code so nothing in them is
 * read as Markdown; the words go through `@vscode/l10n`.
 */
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../../common/format';
import type { LeakSource, LeakSuspect } from '../../common/leakProtocol';

/** What the report is made from. */
export interface LeakReportInput {
  readonly repetitions: number;
  /** Total objects at each snapshot, baseline first. */
  readonly totals: readonly number[];
  readonly suspects: readonly LeakSuspect[];
  /** How a source path is shown (e.g. relative to the workspace); the path itself by default. */
  readonly showPath?: (path: string) => string;
}

/** Inline code that survives any backticks in `text` (CommonMark: a longer fence, padded). */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...Array.from(oneLine.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/**
 * Why the suspect reference is suspected, in plain words, from the recorded numbers:
 * "`app._registry` gained 20 entries in 5 repetitions; nothing removed them".
 */
export function suspectReason(
  suspect: LeakSuspect,
  repetitions: number,
  quote: (name: string) => string,
): string {
  const name = quote(suspect.reference.name);
  const lengths = suspect.reference.lengths;
  const last = lengths?.[lengths.length - 1];
  if (lengths && last !== null && last !== undefined) {
    // an empty dict is not tracked at the baseline: it held nothing then
    const start = lengths[0] ?? last - suspect.count;
    const dropped = lengths.some(
      (v, i) => i > 0 && v !== null && lengths[i - 1] !== null && v < lengths[i - 1]!,
    );
    return dropped
      ? l10n.t(
          '{0} gained {1} entries in {2} repetitions; it also lost some on the way',
          name,
          last - start,
          repetitions,
        )
      : l10n.t(
          '{0} gained {1} entries in {2} repetitions; nothing removed them',
          name,
          last - start,
          repetitions,
        );
  }
  return l10n.t(
    '{0} holds {1} new objects added over {2} repetitions; none was freed',
    name,
    suspect.count,
    repetitions,
  );
}

function why(source: LeakSource): string {
  switch (source.why) {
    case 'allocation':
      return l10n.t('where the objects are allocated');
    case 'adds':
      return l10n.t('adds to the container');
    case 'lru_cache':
      return l10n.t('the cached function');
    case 'assigned':
      return l10n.t('where the container is assigned');
  }
}

function suspectSection(s: LeakSuspect, n: number, input: LeakReportInput): string[] {
  const showPath = input.showPath ?? ((p: string) => p);
  const growth = Number.isInteger(s.growthPerRepetition)
    ? String(s.growthPerRepetition)
    : s.growthPerRepetition.toFixed(1);
  const lines = [
    `## ${l10n.t('{0}. {1} \u00d7 {2} (+{3} per repetition)', n, inlineCode(s.typeName), s.count, growth)}`,
    '',
    `- ${l10n.t('Path: {0}', inlineCode(s.path))}`,
    `- ${l10n.t(
      'Suspect reference: {0} ({1}): {2}',
      inlineCode(s.reference.name),
      inlineCode(s.reference.typeName),
      suspectReason(s, input.repetitions, inlineCode),
    )}`,
    `- ${l10n.t('Count at each snapshot (baseline first): {0}', s.series.join(', '))}`,
  ];
  if (s.reference.lengths) {
    const lengths = s.reference.lengths.map((v) => (v === null ? '?' : String(v))).join(', ');
    lines.push(`- ${l10n.t('Length of {0} at each snapshot: {1}', inlineCode(s.reference.name), lengths)}`);
  }
  if (s.keptObjects > 0) {
    const keeps = s.keeps.map((k) => `${inlineCode(k.typeName)} ${k.count}`).join(', ');
    lines.push(
      `- ${l10n.t(
        'Size: {0} shallow; keeps {1} more objects ({2}): {3}',
        formatBytes(s.shallowBytes),
        s.keptObjects,
        formatBytes(s.keptBytes),
        keeps,
      )}`,
    );
  } else {
    lines.push(`- ${l10n.t('Size: {0} shallow', formatBytes(s.shallowBytes))}`);
  }
  if (s.sources.length === 0) {
    lines.push(`- ${l10n.t('Source: not found')}`);
  }
  for (const src of s.sources) {
    lines.push(`- ${l10n.t('Source: {0} ({1})', inlineCode(`${showPath(src.path)}:${src.line}`), why(src))}`);
  }
  lines.push('');
  return lines;
}

/** The whole report. */
export function leakReportMarkdown(input: LeakReportInput): string {
  const out = [`# ${l10n.t('Leak Hunter: leak report')}`, ''];
  const first = input.totals[0];
  const last = input.totals[input.totals.length - 1];
  let summary = l10n.t('Recorded {0} repetitions after a baseline.', input.repetitions);
  if (first !== undefined && last !== undefined) {
    const delta = `${last - first >= 0 ? '+' : ''}${last - first}`;
    summary +=
      ' ' + l10n.t('Objects: {0} at the baseline, {1} after the last repetition ({2}).', first, last, delta);
  }
  out.push(summary, '');
  if (input.suspects.length === 0) {
    out.push(
      l10n.t('No leak suspects: nothing made since the baseline kept growing with the repetitions.'),
      '',
    );
    return out.join('\n');
  }
  out.push(l10n.t('{0} suspects, biggest first.', input.suspects.length), '');
  input.suspects.forEach((s, i) => out.push(...suspectSection(s, i + 1, input)));
  return out.join('\n');
}
