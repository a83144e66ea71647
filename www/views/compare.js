// Two neurons side by side: objective, step, accuracy and F-measure.
import { el, fmt, sig } from '../dom.js';

// The positive class's F-measure with two classes (K outputs too), else the mean over classes.
function fMeasure(e) {
  if (e.binary) return e.binary.f_measure;
  return e.confusion.classes.length === 2 ? e.confusion.f_measure[1] : e.confusion.mean_f_measure;
}

// The comparison's choices: every neuron with the main one's optimizer, and each neuron
// with Newton's method with either optimizer ("logistic.newton"), as the lab names them.
export function compareChoices(catalogue) {
  return catalogue.neurons.flatMap(({ name, newton }) => [
    { value: name, label: name },
    ...(newton ? [{ value: `${name}.gradient`, label: `${name} (gradient steps)` }, { value: `${name}.newton`, label: `${name} (Newton)` }] : []),
  ]);
}

// The two trainers' names: with their optimizers when these differ.
export function compareLabels(summary) {
  const main = summary.settings.optimizer;
  const other = summary.compare_optimizer;
  const named = (name, optimizer) => (main === other ? name : `${name} (${optimizer === 'newton' ? 'Newton' : 'gradient steps'})`);
  return [named(summary.neuron, main), named(summary.compare.name, other)];
}

export function compareRows(summary, part, [a, b], [ea, eb]) {
  const row = (label, x, y) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, x), el('td', {}, y));
  const stepText = (s) => String(s.iteration) + (s.stop ? ` (${s.stop})` : '');
  const f = summary.classes.length === 2 ? `${part} F-measure (class ${summary.classes[1]})` : `${part} mean F-measure`;
  return [
    el('thead', {}, el('tr', {}, el('th', {}, ''), ...[[compareLabels(summary)[0], summary.objective], [compareLabels(summary)[1], summary.compare.objective]].map(([name, objective]) => el('th', { scope: 'col' }, name, el('br'), el('small', {}, objective))))),
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
