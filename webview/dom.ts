/**
 * Small DOM helpers. Text always goes in through `textContent`: every label in this panel is
 * data from the debuggee and must never be parsed as HTML.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attributes = Readonly<Record<string, string | number | undefined>>;

/** Creates an HTML element with a class, attributes and optional text. */
export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  attributes?: Attributes,
  text?: string,
): HTMLElementTagNameMap[K];
export function html(tag: string, className?: string, attributes?: Attributes, text?: string): HTMLElement;
export function html(
  tag: string,
  className?: string,
  attributes: Attributes = {},
  text?: string,
): HTMLElement {
  const element = document.createElement(tag);
  return decorate(element, className, attributes, text);
}

/** Creates an SVG element with a class, attributes and optional text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  className?: string,
  attributes: Attributes = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  return decorate(element, className, attributes, text);
}

function decorate<E extends Element>(
  element: E,
  className: string | undefined,
  attributes: Attributes,
  text?: string,
): E {
  if (className) element.setAttribute('class', className);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}
