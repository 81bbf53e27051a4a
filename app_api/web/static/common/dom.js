// Build the page node by node. The Content-Security-Policy enforces Trusted Types, so a string can never
// become HTML here: text always goes in as a text node.

/** Add children (nodes, strings, nested arrays; null and false are skipped) at the end of `parent`. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** An element with attributes (`class`, `on<event>` handlers, others as attributes) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

/** Replace everything inside `root` with `children`. */
export function show(root, ...children) {
  root.replaceChildren();
  append(root, ...children);
}

/** A definition list from [term, value] pairs; pairs whose value is null are left out. */
export function facts(pairs, className = "facts") {
  return h(
    "dl",
    { class: className },
    pairs
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))),
  );
}

/** A table with a header row; `rows` are arrays of cells (strings or nodes). */
export function table(headers, rows, { caption = null, numeric = [] } = {}) {
  const cell = (tag, content, index) => h(tag, { class: numeric.includes(index) ? "num" : null }, content);
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      {},
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, headers.map((header, index) => cell("th", header, index)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, row.map((content, index) => cell("td", content, index))))),
    ),
  );
}

/** Put the keyboard focus on the page's heading after a view changed (screen readers announce it). */
export function focusHeading(root) {
  const heading = root.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}
