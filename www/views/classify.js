// A classified file: its predictions (the first 200 shown) and the rows skipped.
import { el, fmt } from '../dom.js';

const SHOWN = 200;

export function predictionRows(result) {
  const shown = result.predictions.slice(0, SHOWN);
  return [
    el('thead', {}, el('tr', {}, ...['line', `predicted ${result.target}`, result.probability_heading].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...shown.map((p) => el('tr', {}, el('td', {}, p.line), el('td', {}, p.class), el('td', {}, fmt(p.probability, 4))))),
  ];
}

export function skippedItems(result) {
  return result.errors.map((m) => el('li', {}, `skipped ${m}`));
}

export function classifySummary(result) {
  const more = result.predictions.length > SHOWN ? ` The first ${SHOWN} are shown; the CSV has them all.` : '';
  return `${result.name}: ${result.predictions.length} rows classified, ${result.errors.length} skipped.${more}` +
    (result.evaluation ? ` Against its '${result.target}' column:` : '');
}
