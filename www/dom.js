// Small DOM helpers and number formats. Nodes are built with textContent,
// never from HTML strings carrying data.

export const $ = (id) => document.getElementById(id);

// el('td', { class: 'hit' }, 'text', childNode, ...): attributes as given, children as text or nodes.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// Offers `content` (text or a Blob) as a file download.
export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Text from a link or a file, shortened for a message: at most `length` characters.
export const excerpt = (text, length = 40) => (text.length > length ? `${text.slice(0, length)}…` : text);

// A ratio with a zero denominator comes from Rust as null: "n/a" (0/0), never NaN.
export const fmt = (v, digits = 3) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(digits));

// Values that span many magnitudes (theta on the original scale, gradients): `digits` significant digits.
export function sig(v, digits = 4) {
  if (v === null || v === undefined) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

// A table from a header row and body rows of cells (text or nodes).
export function table(attrs, head, rows) {
  return el(
    'table',
    attrs,
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
  );
}
