// Two neurons side by side: objective, step, accuracy and F-measure.
import { el, fmt, sig } from '../dom.js';

// The positive class's F-measure with two classes (K outputs too), else the mean over classes.
function fMeasure(e) {
  if (e.binary) return e.binary.f_measure;
  return e.confusion.classes.length === 2 ? e.confusion.f_measure[1] : e.confusion.mean_f_measure;
}

export function compareRows(summary, part, [a, b], [ea, eb]) {
  const row = (label, x, y) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, x), el('td', {}, y));
  const stepText = (s) => String(s.iteration) + (s.stop ? ` (${s.stop})` : '');
  const f = summary.classes.length === 2 ? `${part} F-measure (class ${summary.classes[1]})` : `${part} mean F-measure`;
  return [
    el('thead', {}, el('tr', {}, el('th', {}, ''), ...[[summary.neuron, summary.objective], [summary.compare.name, summary.compare.objective]].map(([name, objective]) => el('th', { scope: 'col' }, name, el('br'), el('small', {}, objective))))),
    el(
      'tbody',
      {},
      row('objective (training)', sig(a.objective_train, 6), sig(b.objective_train, 6)),
      row('step t', stepText(a), stepText(b)),
      row(`${part} accuracy`, fmt(ea.accuracy), fmt(eb.accuracy)),
      row(f, fmt(fMeasure(ea)), fmt(fMeasure(eb))),
    ),
  ];
}
