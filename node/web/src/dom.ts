// Building DOM nodes from data. Text always goes in as text nodes, never as HTML, so nothing in a
// notebook (a note, a medication name, an imported bundle) can inject markup or script.

type Attrs = Record<string, string | number | boolean | undefined>
type Child = Node | string | number | null | undefined | false

/** An HTML element with attributes (true: present, false/undefined: absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap> (tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, children)
}

/** An SVG element, likewise. */
export function svg<K extends keyof SVGElementTagNameMap> (tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children)
}

/** The element with this id; the page is ours, so a missing one is a bug worth failing on. */
export function byId<T extends HTMLElement = HTMLElement> (id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`The page has no #${id}.`)
  return el as T
}

function fill<E extends Element> (el: E, attrs: Attrs, children: Child[]): E {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}
