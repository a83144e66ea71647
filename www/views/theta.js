// Theta by parameter name: standardized and on each column's original scale,
// the true theta beside it when the data set was drawn from a known model, and
// number fields in place of the values while typing theta by hand.
import { el, sig } from '../dom.js';

// The table's head and body for Lab.thetaTable(0).
export function thetaRows(theta, { standardized, editing, trueTheta }) {
  const original = theta.original_scale;
  const single = theta.standardized[0].length === 1;
  const heading = (o) => (single ? `θ (class ${o} is positive)` : `θ for '${o}'`);
  const headers = [el('th', { scope: 'col' }, 'parameter')];
  for (const o of theta.outputs) {
    headers.push(el('th', { scope: 'col' }, standardized ? `${heading(o)}, standardized` : heading(o)));
    if (standardized) headers.push(el('th', { scope: 'col' }, `${heading(o)}, original scale`));
  }
  if (trueTheta) headers.push(el('th', { scope: 'col', title: 'the model the rows were drawn from, on the original scale' }, 'true θ'));
  const rows = theta.parameters.map((name, j) => {
    const cells = [el('td', {}, name)];
    theta.standardized[j].forEach((v, k) => {
      const label = `${name}, ${heading(theta.outputs[k])}`;
      cells.push(el('td', {}, editing ? el('input', { type: 'number', step: 'any', value: v, 'aria-label': label, class: 'theta-input' }) : sig(v)));
      // Without a bias, standardized theta has no original-scale twin: said as n/a.
      if (standardized) cells.push(el('td', { title: original ? '' : 'no bias to absorb the scaling shift' }, original ? sig(original[j][k]) : 'n/a'));
    });
    if (trueTheta) cells.push(el('td', {}, trueTheta[j] === null || trueTheta[j] === undefined ? '–' : sig(trueTheta[j])));
    return el('tr', {}, ...cells);
  });
  return [el('thead', {}, el('tr', {}, ...headers)), el('tbody', {}, ...rows)];
}
