// A read CSV file: its first rows, the target picker and the columns to drop.
import { el } from '../dom.js';

export function previewTable(preview) {
  return [
    el('thead', {}, el('tr', {}, ...preview.headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...preview.rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  ];
}

export function targetOptions(preview) {
  return preview.headers.map((h) => el('option', { value: h }, h));
}

export function dropBoxes(preview) {
  return preview.headers.map((h) => {
    const box = el('input', { type: 'checkbox', value: h });
    box.checked = preview.suggested_drop.includes(h);
    return el('label', {}, box, h);
  });
}
