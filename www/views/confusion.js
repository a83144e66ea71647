// The confusion matrix as the lecture lays it out: a row per predicted class, a
// column per actual class, count and % of all in each cell, precision on the
// right, recall below, accuracy in the corner; the metrics beneath.
import { el, fmt } from '../dom.js';

// Above this many classes the cells are too many to read: a summary per class instead.
const MAX_CLASSES_SHOWN = 12;

function matrix(title, m) {
  const classes = m.classes;
  const compact = classes.length > 2;
  const cell = (count, share) => (compact ? [String(count), el('small', {}, `${share.toFixed(1)}%`)] : [`${count} (${share.toFixed(1)}%)`]);
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', class: 'axes' }, 'predicted ↓', el('br'), 'actual →'),
    ...classes.map((c) => el('th', { scope: 'col' }, c)),
    el('th', { scope: 'col', class: 'margin' }, 'precision'),
  );
  const body = m.counts.map((row, p) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, classes[p]),
      ...row.map((count, a) => el('td', { class: p === a ? 'hit' : '' }, ...cell(count, m.percent[p][a]))),
      el('td', { class: 'margin' }, fmt(m.precision[p])),
    ),
  );
  const recall = el(
    'tr',
    {},
    el('th', { scope: 'row', class: 'margin' }, 'recall'),
    ...m.recall.map((r) => el('td', { class: 'margin' }, fmt(r))),
    el('td', { class: 'corner', title: 'overall accuracy' }, 'accuracy', el('br'), fmt(m.accuracy)),
  );
  return el(
    'table',
    { class: 'confusion', 'aria-label': `${title} confusion matrix` },
    el('caption', {}, `${title}: ${m.total} rows`),
    el('thead', {}, head),
    el('tbody', {}, ...body, recall),
  );
}

// Many classes: precision, recall and F per class in a list, with the accuracy.
function classSummary(title, m) {
  const rows = m.classes.map((c, k) =>
    el('tr', {}, el('th', { scope: 'row' }, c), el('td', {}, fmt(m.precision[k])), el('td', {}, fmt(m.recall[k])), el('td', {}, fmt(m.f_measure[k]))),
  );
  return el(
    'table',
    { class: 'confusion', 'aria-label': `${title} confusion matrix` },
    el('caption', {}, `${title}: ${m.total} rows, ${m.classes.length} classes (too many for a matrix); accuracy ${fmt(m.accuracy)}`),
    el('thead', {}, el('tr', {}, ...['class', 'precision', 'recall', 'F'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows),
  );
}

// A metric's name and value never part at a line end.
const metric = (name, value) => [el('span', { class: 'metric' }, el('b', {}, name), ` ${value}`)];

function metrics(title, e) {
  const classes = e.confusion.classes;
  const lines = [[...metric('accuracy', fmt(e.accuracy)), ' vs ', ...metric('baseline', fmt(e.baseline_accuracy)), ` (always '${classes[e.baseline_class]}')`]];
  if (e.binary) {
    const b = e.binary;
    lines.push([...metric('precision', fmt(b.precision)), ' · ', ...metric('recall', fmt(b.recall)), ' · ', ...metric('F-measure', fmt(b.f_measure))]);
    lines.push([...metric('TPR', fmt(b.tpr)), ' · ', ...metric('FPR', fmt(b.fpr)), ` · AUC ${fmt(e.roc && e.roc.auc)} · threshold ${b.threshold}`]);
  } else if (classes.length <= MAX_CLASSES_SHOWN) {
    lines.push([el('b', {}, 'F-measure'), ' per class: ', classes.map((c, k) => `${c} ${fmt(e.confusion.f_measure[k])}`).join(' · ')]);
  }
  const p = el('p', { class: 'metrics', 'data-part': title.toLowerCase() });
  lines.forEach((line, i) => {
    if (i) p.append(el('br'));
    p.append(...line);
  });
  if (p.textContent.includes('n/a')) {
    p.append(el('br'), el('small', {}, 'n/a: undefined, a ratio 0/0 (for example, no row was predicted as that class)'));
  }
  return p;
}

// One part's matrix and metrics (e = Lab.evaluate(...)).
export function confusionBlock(title, e) {
  const m = e.confusion;
  const shown = m.classes.length > MAX_CLASSES_SHOWN ? classSummary(title, m) : matrix(title, m);
  return el('div', { class: 'confusion-block' }, shown, metrics(title, e));
}
