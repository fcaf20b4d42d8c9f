/**
 * The panel's toolbar, built from @vscode-elements web components (loaded by the page as a
 * nonce'd module script): the graph limits (depth, too many, ignored types), view controls and
 * exports.
 */
import type { GraphLimits } from '../common/agentProtocol';
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

  constructor(private readonly actions: ToolbarActions) {
    this.element = html('div', 'toolbar', { role: 'toolbar', 'aria-label': 'Graph controls' });
    this.depth = this.textField('depth', 'Depth', 'number', { min: 1, max: 50, size: 3 });
    this.tooMany = this.textField('too-many', 'Too many', 'number', { min: 1, max: 10000, size: 4 });
    this.ignoreTypes = this.textField('ignore-types', 'Ignore types', 'text', {
      placeholder: 'e.g. dict, function',
    });
    const apply = this.button(
      'apply',
      'Apply',
      'Re-run the query with these limits',
      () => this.apply(),
      'refresh',
    );

    const limitsGroup = html('div', 'toolbar__group toolbar__group--limits');
    limitsGroup.append(
      this.labelled('depth', 'Depth', this.depth),
      this.labelled('too-many', 'Too many', this.tooMany),
      this.labelled('ignore-types', 'Ignore types', this.ignoreTypes),
      apply,
    );
    const viewGroup = html('div', 'toolbar__group');
    viewGroup.append(
      this.iconButton('fit', 'screen-full', 'Fit (F)', () => actions.fit()),
      this.iconButton('zoom-in', 'zoom-in', 'Zoom in (+)', () => actions.zoomIn()),
      this.iconButton('zoom-out', 'zoom-out', 'Zoom out (-)', () => actions.zoomOut()),
    );
    const exportGroup = html('div', 'toolbar__group');
    exportGroup.append(
      this.button(
        'export-dot',
        'Export DOT',
        'Export the graph as Graphviz DOT',
        () => actions.exportAs('dot'),
        'export',
      ),
      this.button(
        'export-svg',
        'Export SVG',
        'Export the drawing as SVG',
        () => actions.exportAs('svg'),
        'file-media',
      ),
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
    if (!this.limits) return this.actions.invalid('Show a graph first; its limits can then be changed.');
    const maxDepth = positiveInteger(valueOf(this.depth));
    const tooMany = positiveInteger(valueOf(this.tooMany));
    this.depth.invalid = maxDepth === undefined;
    this.tooMany.invalid = tooMany === undefined;
    if (maxDepth === undefined) return this.actions.invalid('Depth must be a whole number of 1 or more.');
    if (tooMany === undefined) return this.actions.invalid('"Too many" must be a whole number of 1 or more.');
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
