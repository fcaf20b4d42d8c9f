/** The English bundle (message -> message), as the JSON text `scripts/l10n.mjs` writes. */
export function englishBundle(): string;
/** Where the bundle lives: l10n/bundle.l10n.json. */
export const BUNDLE_PATH: string;
