/**
 * The panel's toolbar, built from @vscode-elements web components (loaded by the page as a
 * nonce'd module script): the graph limits (depth, too many, ignored types), view controls and
 * exports.
 */
import type { GraphLimits } from '../common/agentProtocol';
import type { PanelStrings } from '../common/panelStrings';
import { html } from './dom';

/** What the toolbar's controls ask for. */
export interface ToolbarActions {
  applyLimits(limits: GraphLimits): void;
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  exportAs(format: 'dot' | 'svg'): void;
  /** A control holds a value that cannot be used. */
  invalid(message: string): void;
}

/** A vscode-textfield (or, before the components load, the bare element). */
type ValueElement = HTMLElement & { value?: string; invalid?: boolean };

/** Toolbar with limit fields, view buttons and export buttons. */
export class Toolbar {
  /** The element to put in the page. */
  readonly element: HTMLElement;
  private readonly depth: ValueElement;
  private readonly tooMany: ValueElement;
  private readonly ignoreTypes: ValueElement;
  private limits?: GraphLimits;

  constructor(
    private readonly strings: PanelStrings,
    private readonly actions: ToolbarActions,
  ) {
    const t = strings;
    this.element = html('div', 'toolbar', { role: 'toolbar', 'aria-label': t.toolbarLabel });
    this.depth = this.textField('depth', t.depth, 'number', { min: 1, max: 50, size: 3 });
    this.tooMany = this.textField('too-many', t.tooMany, 'number', { min: 1, max: 10000, size: 4 });
    this.ignoreTypes = this.textField('ignore-types', t.ignoreTypes, 'text', {
      placeholder: t.ignoreTypesPlaceholder,
    });
    const apply = this.button('apply', t.apply, t.applyTitle, () => this.apply(), 'refresh');

    const limitsGroup = html('div', 'toolbar__group toolbar__group--limits');
    limitsGroup.append(
      this.labelled('depth', t.depth, this.depth),
      this.labelled('too-many', t.tooMany, this.tooMany),
      this.labelled('ignore-types', t.ignoreTypes, this.ignoreTypes),
      apply,
    );
    const viewGroup = html('div', 'toolbar__group');
    viewGroup.append(
      this.iconButton('fit', 'screen-full', t.fit, () => actions.fit()),
      this.iconButton('zoom-in', 'zoom-in', t.zoomIn, () => actions.zoomIn()),
      this.iconButton('zoom-out', 'zoom-out', t.zoomOut, () => actions.zoomOut()),
    );
    const exportGroup = html('div', 'toolbar__group');
    exportGroup.append(
      this.button('export-dot', t.exportDot, t.exportDotTitle, () => actions.exportAs('dot'), 'export'),
      this.button('export-svg', t.exportSvg, t.exportSvgTitle, () => actions.exportAs('svg'), 'file-media'),
    );
    this.element.append(limitsGroup, viewGroup, exportGroup);
    for (const field of [this.depth, this.tooMany, this.ignoreTypes]) {
      field.addEventListener('keydown', (event) => {
        if ((event as KeyboardEvent).key === 'Enter') this.apply();
      });
    }
  }

  /** Shows the limits of the current graph. */
  setLimits(limits: GraphLimits): void {
    this.limits = limits;
    setValue(this.depth, String(limits.maxDepth));
    setValue(this.tooMany, String(limits.tooMany));
    setValue(this.ignoreTypes, limits.ignoreTypes.join(', '));
  }

  private apply(): void {
    if (!this.limits) return this.actions.invalid(this.strings.showGraphFirst);
    const maxDepth = positiveInteger(valueOf(this.depth));
    const tooMany = positiveInteger(valueOf(this.tooMany));
    this.depth.invalid = maxDepth === undefined;
    this.tooMany.invalid = tooMany === undefined;
    if (maxDepth === undefined) return this.actions.invalid(this.strings.depthInvalid);
    if (tooMany === undefined) return this.actions.invalid(this.strings.tooManyInvalid);
    const ignoreTypes = valueOf(this.ignoreTypes)
      .split(/[,\s]+/)
      .map((t) => t.trim())
      .filter(Boolean);
    this.actions.applyLimits({ ...this.limits, maxDepth, tooMany, ignoreTypes });
  }

  private textField(
    id: string,
    label: string,
    type: string,
    attributes: Record<string, string | number>,
  ): ValueElement {
    const field = html('vscode-textfield', 'toolbar__field', {
      id: `toolbar-${id}`,
      type,
      label,
      'aria-label': label,
      ...attributes,
    }) as ValueElement;
    return field;
  }

  private labelled(id: string, text: string, field: HTMLElement): HTMLElement {
    const wrapper = html('div', 'toolbar__labelled');
    wrapper.append(html('vscode-label', 'toolbar__label', { for: `toolbar-${id}` }, text), field);
    return wrapper;
  }

  private button(id: string, text: string, title: string, onClick: () => void, icon?: string): HTMLElement {
    const button = html(
      'vscode-button',
      'toolbar__button',
      { id: `toolbar-${id}`, title, secondary: '', icon },
      text,
    );
    button.addEventListener('click', onClick);
    return button;
  }

  private iconButton(id: string, icon: string, label: string, onClick: () => void): HTMLElement {
    const button = html('vscode-toolbar-button', 'toolbar__icon', {
      id: `toolbar-${id}`,
      icon,
      label,
      title: label,
    });
    button.addEventListener('click', onClick);
    return button;
  }
}

function valueOf(field: ValueElement): string {
  return String(field.value ?? field.getAttribute('value') ?? '').trim();
}

function setValue(field: ValueElement, value: string): void {
  field.value = value;
  field.setAttribute('value', value);
  field.invalid = false;
}

function positiveInteger(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}
