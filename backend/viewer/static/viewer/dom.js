// Building the page without ever parsing markup: every string from a record becomes a text
// node. No markup sink is used anywhere in the viewer (tests/e2e/viewer keeps it so).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const BLOCKS = new Set(["P", "DIV", "LI", "TR", "BR", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "UL", "OL", "BLOCKQUOTE", "PRE"]);
const SKIPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "SVG", "MATH"]);

// Hospital narrative XHTML → plain text with its line structure. DOMParser gives an inert
// document: its scripts never run and its images never load; we only read text out of it.
export function narrativeText(xhtml) {
  const doc = new DOMParser().parseFromString(String(xhtml), "text/html");
  const out = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(node.nodeValue.replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || SKIPPED.has(node.nodeName.toUpperCase())) return;
    const block = BLOCKS.has(node.nodeName.toUpperCase());
    if (block) out.push("\n");
    for (const child of node.childNodes) walk(child);
    if (node.nodeName.toUpperCase() === "TD" || node.nodeName.toUpperCase() === "TH") out.push("\t");
    if (block) out.push("\n");
  };
  walk(doc.body);
  return out.join("").replace(/[ \t]*\n[ \t]*/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}
