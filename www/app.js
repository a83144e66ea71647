// Neuron Lab's page: controls, tables and canvases. All math lives in Rust
// (the Lab handle); this file only moves values between the DOM and the Lab.
import init, { Lab } from './pkg/neuron_lab.js';

const $ = (id) => document.getElementById(id);
const state = {
  lab: null,
  summary: null,
  snapshot: null,
  playing: false,
  running: false,
  stopRequested: false,
  // Per-frame work (ms) of the last play/run frames, for the benchmark script.
  frameTimes: [],
};
window.neuronLab = state;

// ---------- errors and notices ----------

function showError(error) {
  const message = error && error.message ? error.message : String(error);
  $('error-text').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function showNotice(text) {
  $('notice').textContent = text || '';
  $('notice').hidden = !text;
}

// Runs `action`, showing its error in the page; returns its result or undefined.
function guarded(action) {
  try {
    const result = action();
    clearError();
    return result;
  } catch (error) {
    showError(error);
    return undefined;
  }
}

// ---------- formatting ----------

const fmt = (v, digits = 3) => (v === null || v === undefined ? 'undefined' : Number(v).toFixed(digits));
// Theta on the original scale spans many magnitudes (income in dollars): 4 significant digits.
const sig = (v) => {
  if (v === null || v === undefined) return 'undefined';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
};
const pct = (count, total) => (total > 0 ? `${((100 * count) / total).toFixed(1)}%` : '–');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// ---------- settings ----------

function numberInput(id, label, { integer = false } = {}) {
  const text = $(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${label}: '${text}' is not ${integer ? 'a whole number' : 'a number'}`);
  }
  return value;
}

function readSettings() {
  return {
    neuron: $('neuron').value,
    perceptron_rule: $('perceptron-rule').value,
    learning_rate: numberInput('learning-rate', 'Learning rate'),
    adaptive: $('adaptive').checked,
    epsilon: numberInput('epsilon', 'Epsilon'),
    max_iterations: numberInput('max-iterations', 'Max iterations', { integer: true }),
    seed: numberInput('seed', 'Seed', { integer: true }),
    train_fraction: numberInput('train-fraction', 'Train fraction'),
    standardize: $('standardize').checked,
    threshold: threshold(),
  };
}

function threshold() {
  const t = numberInput('threshold', 'Threshold');
  if (t < 0 || t > 1) throw new Error(`Threshold: ${t} is not between 0 and 1`);
  return t;
}

function showSettings(settings) {
  $('neuron').value = settings.neuron;
  $('perceptron-rule').value = settings.perceptron_rule;
  $('rule-label').hidden = settings.neuron !== 'perceptron';
}

function applySettings() {
  stopAll();
  const summary = guarded(() => state.lab.configure(readSettings()));
  if (summary) loaded(summary);
}

// ---------- data ----------

function loaded(summary) {
  state.summary = summary;
  showSettings(summary.settings);
  showNotice(summary.notice);
  const s = summary;
  $('data-summary').textContent =
    `${s.source}: ${s.rows} rows, ${s.features.length} features, target '${s.target}' ` +
    `(${s.classes.join(', ')}); ${s.train_rows} training, ${s.validation_rows} validation rows. ` +
    `Neuron: ${s.neuron}, ${s.activation} activation, ${s.objective} (gradient ${s.ascent ? 'ascent' : 'descent'}).` +
    (s.constant_columns.length ? ` Constant columns: ${s.constant_columns.join(', ')}.` : '');
  fillFeaturePickers(s.features);
  fillOutputPicker(s.classes, s.neuron);
  fillLegend(s.classes);
  render();
}

function fillFeaturePickers(features) {
  const same = [...$('x-feature').options].map((o) => o.textContent).join('\u0000') === features.join('\u0000');
  if (same) return;
  const x = $('x-feature');
  const y = $('y-feature');
  x.replaceChildren(...features.map((f, i) => el('option', { value: i }, f)));
  y.replaceChildren(el('option', { value: -1 }, '(rows by class)'), ...features.map((f, i) => el('option', { value: i }, f)));
  x.value = 0;
  y.value = features.length > 1 ? 1 : -1;
}

// The Okabe-Ito colours the charts use (src/chart/mod.rs), for the HTML legend.
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442'];

function fillLegend(classes) {
  const items = classes.map((c, k) => el('span', {}, el('span', { class: 'dot', style: `background:${PALETTE[k % PALETTE.length]}` }), `class ${c}`));
  items.push(el('span', {}, el('span', { class: 'dot ring' }), 'validation row'));
  $('boundary-legend').replaceChildren(...items);
}

function fillOutputPicker(classes, neuron) {
  const multi = neuron === 'multi-logistic' || neuron === 'softmax';
  $('output-label').hidden = !multi;
  const select = $('output-class');
  const current = select.value;
  select.replaceChildren(...classes.map((c, k) => el('option', { value: k }, `class ${c}`)));
  if (current && Number(current) < classes.length) select.value = current;
}

function loadBuiltin(name) {
  stopAll();
  let seed = 0;
  let points = 200;
  try {
    seed = numberInput('seed', 'Seed', { integer: true });
    points = numberInput('points', 'Points', { integer: true });
    if (points < 10 || points > 20000) throw new Error(`Points: ${points} is not between 10 and 20000`);
  } catch (error) {
    showError(error);
    return;
  }
  const summary = guarded(() => state.lab.loadBuiltin(name, BigInt(seed), points));
  if (summary) {
    removeUploadedOption();
    loaded(summary);
  }
}

function removeUploadedOption() {
  const option = $('dataset').querySelector('option[data-uploaded]');
  if (option) option.remove();
}

async function previewFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const preview = guarded(() => state.lab.previewCsv(bytes, file.name));
  if (!preview) return;
  $('csv-info').textContent = `${file.name}: ${preview.row_count} rows, ${preview.headers.length} columns, separated by '${preview.delimiter}'.`;
  const table = $('csv-preview');
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...preview.headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...preview.rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
  $('csv-target').replaceChildren(...preview.headers.map((h) => el('option', { value: h }, h)));
  $('csv-target').value = preview.suggested_target;
  $('csv-drop').replaceChildren(
    ...preview.headers.map((h) => {
      const box = el('input', { type: 'checkbox', value: h });
      box.checked = preview.suggested_drop.includes(h);
      return el('label', {}, box, h);
    }),
  );
  $('csv-columns').hidden = false;
  $('csv-columns').dataset.name = file.name;
}

function useCsv() {
  stopAll();
  const target = $('csv-target').value;
  const drop = [...$('csv-drop').querySelectorAll('input:checked')].map((b) => b.value).filter((h) => h !== target);
  const positive = $('csv-positive').value.trim();
  const summary = guarded(() => state.lab.useCsv(target, drop, positive || undefined));
  if (!summary) return;
  removeUploadedOption();
  const option = el('option', { value: '', 'data-uploaded': '' }, `Uploaded: ${$('csv-columns').dataset.name}`);
  $('dataset').prepend(option);
  $('dataset').value = '';
  $('csv-columns').hidden = true;
  loaded(summary);
}

// ---------- training controls ----------

function step(n) {
  stopAll();
  guarded(() => state.lab.step(n));
  render();
}

function reset() {
  stopAll();
  guarded(() => state.lab.reset());
  render();
}

function stopAll() {
  if (state.playing) togglePlay();
  state.stopRequested = true;
}

function togglePlay() {
  state.playing = !state.playing;
  $('play').textContent = state.playing ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(state.playing));
  if (state.playing) {
    state.frameTimes = [];
    requestAnimationFrame(playFrame);
  }
}

function playFrame() {
  if (!state.playing) return;
  const start = performance.now();
  const n = Math.max(1, Math.min(1000, Number($('steps-per-frame').value) || 1));
  const snapshot = guarded(() => state.lab.step(n));
  render();
  state.frameTimes.push(performance.now() - start);
  if (!snapshot || snapshot.stop) {
    togglePlay();
    return;
  }
  requestAnimationFrame(playFrame);
}

// Runs until training stops, in chunks between animation frames, so the tab
// stays responsive; the chunk grows or shrinks to take about 12 ms.
function runToConvergence() {
  if (state.running) return;
  if (state.playing) togglePlay();
  state.running = true;
  state.stopRequested = false;
  state.frameTimes = [];
  $('run').disabled = true;
  $('stop').hidden = false;
  $('progress').hidden = false;
  let chunk = 10;
  const max = state.summary.settings.max_iterations;
  const frame = () => {
    if (state.stopRequested) return finishRun();
    const start = performance.now();
    const snapshot = guarded(() => state.lab.step(chunk));
    const stepping = performance.now() - start;
    chunk = Math.max(1, Math.min(100000, Math.round(chunk * (stepping > 0 ? 12 / stepping : 2))));
    render();
    state.frameTimes.push(performance.now() - start);
    $('progress').value = snapshot ? snapshot.iteration / max : 1;
    if (!snapshot || snapshot.stop) return finishRun();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

function finishRun() {
  state.running = false;
  $('run').disabled = false;
  $('stop').hidden = true;
  $('progress').hidden = true;
}

function rewind(t) {
  stopAll();
  guarded(() => state.lab.rewind(t));
  render();
}

// ---------- drawing ----------

function canvasScale(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const box = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width * dpr));
  const height = Math.max(1, Math.round(box.height * dpr));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return dpr * (document.body.classList.contains('large') ? 1.3 : 1);
}

function render() {
  const lab = state.lab;
  const snapshot = lab.snapshot();
  state.snapshot = snapshot;
  let t;
  try {
    t = threshold();
  } catch (error) {
    showError(error);
    t = 0.5;
  }
  const summary = state.summary;
  const stop = snapshot.stop ? ` · ${stopText(snapshot.stop)}` : '';
  const rejected = snapshot.accepted ? '' : ' · step rejected, η shrinks';
  $('status').textContent =
    `t = ${snapshot.iteration} · ${summary.objective_label}: ${fmt(summary.ascent ? snapshot.objective_train : -snapshot.objective_train, 5)}` +
    ` · η = ${fmt(snapshot.learning_rate, 4)} · ‖∇‖ = ${sig(snapshot.gradient_norm)}${rejected}${stop}`;
  const slider = $('history');
  slider.max = lab.stepsTaken();
  slider.value = snapshot.iteration;
  slider.setAttribute('aria-valuetext', `step ${snapshot.iteration} of ${slider.max}`);

  try {
    lab.drawActivation($('activation-chart'), canvasScale($('activation-chart')), Number($('output-class').value) || 0);
    lab.drawBoundary($('boundary-chart'), canvasScale($('boundary-chart')), Number($('x-feature').value), Number($('y-feature').value), t);
    lab.drawObjective($('objective-chart'), canvasScale($('objective-chart')));
  } catch (error) {
    showError(error);
  }
  renderConfusion(t);
  renderTheta();
}

function stopText(stop) {
  return {
    converged: 'converged: |Δ objective| < ε',
    'no-update': 'converged: the update is zero',
    'max-iterations': 'stopped at max iterations',
    diverged: 'diverged: lower the learning rate or use the adaptive rate',
  }[stop];
}

function renderConfusion(t) {
  const parts = [['train', 'Training'], ['validation', 'Validation']];
  const blocks = [];
  for (const [part, title] of parts) {
    const rows = part === 'train' ? state.summary.train_rows : state.summary.validation_rows;
    if (rows === 0) continue;
    const e = state.lab.evaluate(part, t);
    blocks.push(confusionBlock(title, e));
  }
  $('confusion-tables').replaceChildren(...blocks);
}

function confusionBlock(title, e) {
  const m = e.confusion;
  const classes = m.classes;
  const head = el('tr', {}, el('th', { scope: 'col', class: 'axes' }, 'predicted ↓', el('br'), 'actual →'), ...classes.map((c) => el('th', { scope: 'col' }, c)), el('th', { scope: 'col', class: 'margin' }, 'precision'));
  const body = m.counts.map((row, p) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, classes[p]),
      ...row.map((count, a) => el('td', { class: p === a ? 'hit' : '' }, `${count} (${pct(count, m.total)})`)),
      el('td', { class: 'margin' }, fmt(m.precision[p])),
    ),
  );
  const recall = el('tr', {}, el('th', { scope: 'row', class: 'margin' }, 'recall'), ...m.recall.map((r) => el('td', { class: 'margin' }, fmt(r))), el('td', { class: 'corner', title: 'overall accuracy' }, 'accuracy', el('br'), fmt(m.accuracy)));
  const table = el('table', { class: 'confusion', 'aria-label': `${title} confusion matrix` }, el('caption', {}, `${title}: ${m.total} rows`), el('thead', {}, head), el('tbody', {}, ...body, recall));
  const lines = [
    `<b>accuracy</b> ${fmt(e.accuracy)} vs <b>baseline</b> ${fmt(e.baseline_accuracy)} (always '${classes[e.baseline_class]}')`,
  ];
  if (e.binary) {
    const b = e.binary;
    lines.push(`<b>precision</b> ${fmt(b.precision)} · <b>recall</b> ${fmt(b.recall)} · <b>F-measure</b> ${fmt(b.f_measure)}`);
    lines.push(`<b>TPR</b> ${fmt(b.tpr)} · <b>FPR</b> ${fmt(b.fpr)} · AUC ${fmt(e.roc && e.roc.auc)} · threshold ${b.threshold}`);
  } else {
    lines.push(`<b>F-measure</b> per class: ${classes.map((c, k) => `${c} ${fmt(m.f_measure[k])}`).join(' · ')}`);
  }
  const metrics = el('p', { class: 'metrics', 'data-part': title.toLowerCase() });
  metrics.innerHTML = lines.join('<br>');
  return el('div', {}, table, metrics);
}

function renderTheta() {
  const theta = state.lab.thetaTable();
  const scaled = state.summary.settings.standardize;
  const headers = [el('th', { scope: 'col' }, 'parameter')];
  for (const output of theta.outputs) {
    headers.push(el('th', { scope: 'col' }, scaled ? `${output}, standardized` : output));
    if (scaled) headers.push(el('th', { scope: 'col' }, `${output}, original scale`));
  }
  const rows = theta.names.map((name, j) => {
    const cells = [el('td', {}, name)];
    theta.standardized[j].forEach((v, k) => {
      cells.push(el('td', {}, sig(v)));
      if (scaled) cells.push(el('td', {}, sig(theta.original[j][k])));
    });
    return el('tr', {}, ...cells);
  });
  $('theta-table').replaceChildren(el('thead', {}, el('tr', {}, ...headers)), el('tbody', {}, ...rows));
}

// ---------- classify ----------

let downloadUrl = null;

async function classifyFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = guarded(() => state.lab.classifyCsv(bytes, threshold()));
  if (!result) return;
  const section = $('classify-results');
  section.hidden = false;
  const e = result.evaluation;
  $('classify-summary').textContent =
    `${file.name}: ${result.predictions.length} rows classified, ${result.errors.length} skipped.` +
    (e ? ` Against its '${result.target}' column: accuracy ${fmt(e.accuracy)}.` : '');
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([result.csv], { type: 'text/csv' }));
  const link = $('download-predictions');
  link.href = downloadUrl;
  link.download = file.name.replace(/\.[^.]*$/, '') + '-predictions.csv';
  $('classify-errors').replaceChildren(...result.errors.map((m) => el('li', {}, `skipped ${m}`)));
  const shown = result.predictions.slice(0, 200);
  $('classify-table').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'line'), el('th', {}, `predicted ${result.target}`), el('th', {}, 'probability'))),
    el('tbody', {}, ...shown.map((p) => el('tr', {}, el('td', {}, p.line), el('td', {}, p.class), el('td', {}, fmt(p.probability, 4))))),
  );
}

// ---------- wiring ----------

function wire() {
  $('error-close').addEventListener('click', clearError);
  $('large-type').addEventListener('change', (e) => {
    document.body.classList.toggle('large', e.target.checked);
    render();
  });
  $('dataset').addEventListener('change', (e) => {
    if (e.target.value) loadBuiltin(e.target.value);
  });
  $('points').addEventListener('change', () => {
    if ($('dataset').value) loadBuiltin($('dataset').value);
  });
  $('csv-file').addEventListener('change', (e) => {
    const file = e.target.files[0];
    if (file) previewFile(file);
    e.target.value = '';
  });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer.files[0];
    if (file) previewFile(file);
  });
  $('csv-use').addEventListener('click', useCsv);
  for (const id of ['neuron', 'perceptron-rule', 'learning-rate', 'epsilon', 'max-iterations', 'seed', 'train-fraction', 'adaptive', 'standardize']) {
    $(id).addEventListener('change', applySettings);
  }
  for (const id of ['threshold', 'x-feature', 'y-feature', 'output-class']) {
    $(id).addEventListener('change', render);
  }
  $('step').addEventListener('click', () => step(1));
  $('step10').addEventListener('click', () => step(10));
  $('play').addEventListener('click', togglePlay);
  $('run').addEventListener('click', runToConvergence);
  $('stop').addEventListener('click', () => {
    state.stopRequested = true;
  });
  $('reset').addEventListener('click', reset);
  $('history').addEventListener('input', (e) => rewind(Number(e.target.value)));
  $('classify-file').addEventListener('change', (e) => {
    const file = e.target.files[0];
    if (file) classifyFile(file);
    e.target.value = '';
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 100);
  });
}

async function main() {
  await init();
  const catalogue = Lab.catalogue();
  $('dataset').replaceChildren(...catalogue.datasets.map(([name, description]) => el('option', { value: name, title: description }, `${name}: ${description}`)));
  $('neuron').replaceChildren(...catalogue.neurons.map(([name, activation, objective]) => el('option', { value: name }, `${name} (${activation}, ${objective})`)));
  state.lab = new Lab();
  wire();
  loaded(state.lab.summary());
  state.readyAt = performance.now();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  showError(error);
  console.error(error);
});
