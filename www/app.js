// Neuron Lab's page: controls, tables and canvases. All math lives in Rust
// (the Lab handle); this file only moves values between the DOM and the Lab.
import init, { Lab } from './pkg/neuron_lab.js';
import { FORMULAS, TOUR } from './lecture.js';

const $ = (id) => document.getElementById(id);
const state = {
  lab: null,
  catalogue: null,
  summary: null,
  snapshot: null,
  playing: false,
  running: false,
  stopRequested: false,
  playCarry: 0,
  editingTheta: false,
  tourStop: -1,
  // Per-frame work (ms) of the last play/run frames, for the benchmark script.
  frameTimes: [],
  readyAt: 0,
};
window.neuronLab = state;

// ---------- errors and notices ----------

function showError(error) {
  let message = error && error.message ? error.message : String(error);
  if (window.neuronLabPanic) {
    message = `Internal error: ${window.neuronLabPanic}. Please reload the page (the details are in the console).`;
  }
  $('error-text').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function showNotice(text) {
  $('notice-text').textContent = text || '';
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

// A ratio with a zero denominator comes from Rust as null: "n/a" (0/0), never NaN.
const fmt = (v, digits = 3) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(digits));
// Values that span many magnitudes (theta on the original scale, gradients): 4 significant digits.
const sig = (v, digits = 4) => {
  if (v === null || v === undefined) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------- settings ----------

function numberInput(id, label, { integer = false, min = -Infinity } = {}) {
  const input = $(id);
  const text = input.value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${label}: enter ${integer ? 'a whole number' : 'a number'}`);
  }
  if (value < min) throw new Error(`${label}: ${value} is below ${min}`);
  return value;
}

function threshold() {
  const t = numberInput('threshold', 'Threshold');
  if (t < 0 || t > 1) throw new Error(`Threshold: ${t} is not between 0 and 1`);
  return t;
}

function readSettings() {
  return {
    neuron: $('neuron').value,
    perceptron_rule: $('perceptron-rule').value,
    learning_rate: numberInput('learning-rate', 'Learning rate'),
    adaptive: $('adaptive').checked,
    epsilon: numberInput('epsilon', 'Epsilon'),
    max_iterations: numberInput('max-iterations', 'Max iterations', { integer: true, min: 1 }),
    seed: numberInput('seed', 'Seed', { integer: true, min: 0 }),
    train_fraction: numberInput('train-fraction', 'Train fraction'),
    standardize: $('standardize').checked,
    threshold: threshold(),
  };
}

// Shows the settings the lab runs with, so a refused change never leaves a field
// saying something the lab is not doing.
function showSettings(s) {
  $('neuron').value = s.neuron;
  $('perceptron-rule').value = s.perceptron_rule;
  $('learning-rate').value = s.learning_rate;
  $('adaptive').checked = s.adaptive;
  $('epsilon').value = s.epsilon;
  $('max-iterations').value = s.max_iterations;
  $('seed').value = s.seed;
  $('train-fraction').value = Number(s.train_fraction.toFixed(4));
  $('standardize').checked = s.standardize;
  $('rule-label').hidden = s.neuron !== 'perceptron';
  const multi = s.neuron === 'multi-logistic' || s.neuron === 'softmax';
  $('threshold').disabled = multi;
  $('threshold-slider').disabled = multi;
  $('roc-chart').hidden = multi;
  document.querySelector('button.png[data-canvas=roc-chart]').hidden = multi;
  $('roc-part').disabled = multi;
  $('roc-note').hidden = !multi;
}

function applySettings() {
  stopAll();
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    showError(error);
    showSettings(state.summary.settings);
    return;
  }
  const seedChanged = settings.seed !== state.summary.settings.seed;
  const summary = guarded(() => state.lab.configure(settings));
  if (!summary) {
    showSettings(state.summary.settings);
    return;
  }
  // A built-in set is drawn from the seed too: a new seed draws it anew.
  if (seedChanged && $('dataset').value) {
    const edited = state.dataEdited;
    if (loadBuiltin($('dataset').value) && edited) {
      showNotice('A new seed draws the data set anew: the points added or removed by hand are gone.');
    }
  } else loaded(summary);
}

// ---------- data ----------

function loaded(summary) {
  state.summary = summary;
  state.editingTheta = false;
  showSettings(summary.settings);
  showNotice(summary.notice);
  const s = summary;
  $('data-summary').textContent =
    `${s.source}: ${s.rows} rows, ${s.features.length} features, target '${s.target}' ` +
    `(${s.classes.join(', ')}); ${s.train_rows} training, ${s.validation_rows} validation rows. ` +
    `Neuron: ${s.neuron}, ${s.activation} activation, ${s.objective} (gradient ${s.ascent ? 'ascent' : 'descent'}).` +
    (s.constant_columns.length ? ` Constant columns: ${s.constant_columns.join(', ')}.` : '');
  fillFeaturePickers(s.features, s.feature_levels);
  fillOutputPicker(s.classes, s.neuron);
  const mode = $('click-mode').value;
  $('click-mode').replaceChildren(
    el('option', { value: 'select' }, 'selects a row'),
    ...s.classes.map((c, k) => el('option', { value: `add:${k}` }, `adds class ${c} (shift: removes)`)),
  );
  $('click-mode').value = [...$('click-mode').options].some((o) => o.value === mode) ? mode : 'select';
  $('compare-neuron').value = s.compare ? s.compare.neuron : '';
  $('compare-body').hidden = !s.compare;
  $('gradient-formula').innerHTML = formulaFor(s);
  render();
}

function formulaFor(summary) {
  const key = summary.neuron === 'perceptron' ? `perceptron-${summary.settings.perceptron_rule}` : summary.neuron;
  return FORMULAS[key].math;
}

function fillFeaturePickers(features, levels) {
  const same = [...$('x-feature').options].map((o) => o.textContent).join('\u0000') === features.join('\u0000');
  if (same) return;
  $('x-feature').replaceChildren(...features.map((f, i) => el('option', { value: i }, f)));
  $('y-feature').replaceChildren(el('option', { value: -1 }, '(rows by class)'), ...features.map((f, i) => el('option', { value: i }, f)));
  // Prefer features with more than two values: two 0/1 columns put every row on four corners.
  const rich = features.map((_, i) => i).filter((i) => levels[i] > 2);
  const order = [...rich, ...features.map((_, i) => i).filter((i) => levels[i] <= 2)];
  $('x-feature').value = order[0];
  $('y-feature').value = features.length > 1 ? order[1] : -1;
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
  let seed;
  let points;
  try {
    seed = numberInput('seed', 'Seed', { integer: true, min: 0 });
    points = numberInput('points', 'Points', { integer: true, min: 10 });
    if (points > 20000) throw new Error(`Points: ${points} is above 20000`);
  } catch (error) {
    showError(error);
    return false;
  }
  const summary = guarded(() => state.lab.loadBuiltin(name, BigInt(seed), points));
  if (!summary) return false;
  state.dataEdited = false;
  state.awaitingUpload = false;
  removeUploadedOption();
  $('dataset').value = name;
  $('csv-columns').hidden = true;
  loaded(summary);
  return true;
}

function removeUploadedOption() {
  const option = $('dataset').querySelector('option[data-uploaded]');
  if (option) option.remove();
}

async function previewFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const preview = guarded(() => state.lab.previewCsv(bytes, file.name));
  if (!preview) {
    $('csv-columns').hidden = true;
    return;
  }
  $('csv-info').textContent = `${file.name}: ${preview.row_count} rows, ${preview.headers.length} columns, separated by '${preview.delimiter}'.`;
  $('csv-preview').replaceChildren(
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
  state.dataEdited = false;
  state.awaitingUpload = false;
  removeUploadedOption();
  const option = el('option', { value: '', 'data-uploaded': '' }, `Uploaded: ${$('csv-columns').dataset.name}`);
  $('dataset').prepend(option);
  $('dataset').value = '';
  $('csv-columns').hidden = true;
  loaded(summary);
}

// ---------- training controls ----------

// Rows added or removed by hand: the history starts again at the current theta.
function afterEdit(snapshot) {
  if (!snapshot) return;
  state.dataEdited = true;
  loaded(state.lab.summary());
  showNotice('The rows changed, so the history starts again here (t = 0) from the current θ.');
}

function step(n) {
  stopAll();
  const before = state.lab.snapshot(0);
  const snapshot = guarded(() => state.lab.step(n));
  if (snapshot && before.stop && snapshot.iteration === before.iteration) {
    showNotice(`Training has stopped (${stopText(before.stop)}). Reset, rewind, or change a setting to go on.`);
  }
  render();
}

function reset() {
  stopAll();
  guarded(() => state.lab.reset());
  render();
}

function stopAll() {
  if (state.playing) togglePlay();
  if (state.editingTheta) {
    editTheta(false);
    showNotice('The typed θ was not used: press "Use these θ" to train from typed values.');
  }
  state.stopRequested = true;
}

function togglePlay() {
  if (!state.playing && state.lab.allStopped()) {
    showNotice(`Training has stopped (${stopText(state.lab.snapshot(0).stop)}). Reset, rewind, or change a setting to go on.`);
    return;
  }
  state.playing = !state.playing;
  if (!state.playing) renderSteps();
  $('play').textContent = state.playing ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(state.playing));
  if (state.playing) {
    state.frameTimes = [];
    state.playCarry = 0;
    requestAnimationFrame(playFrame);
  }
}

function playFrame() {
  if (!state.playing) return;
  const start = performance.now();
  // Below 1 step per frame, the fraction carries over: 0.1 steps once every 10 frames.
  state.playCarry += Math.max(0.05, Math.min(1000, Number($('steps-per-frame').value) || 1));
  const n = Math.floor(state.playCarry);
  if (n >= 1) {
    state.playCarry -= n;
    const snapshot = guarded(() => state.lab.step(n));
    render();
    state.frameTimes.push(performance.now() - start);
    if (!snapshot || state.lab.allStopped()) {
      togglePlay();
      return;
    }
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
    if (!snapshot || state.lab.allStopped()) return finishRun();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

function finishRun() {
  state.running = false;
  renderSteps();
  $('run').disabled = false;
  $('stop').hidden = true;
  $('progress').hidden = true;
}

function rewind(t) {
  stopAll();
  guarded(() => state.lab.rewind(t));
  render();
}

function walk(delta) {
  const t = state.lab.snapshot(0).iteration;
  if (delta < 0) rewind(Math.max(0, t - 1));
  else if (t < state.lab.stepsTaken()) rewind(t + 1);
  else step(1);
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

function currentThreshold() {
  try {
    return threshold();
  } catch (error) {
    showError(error);
    return 0.5;
  }
}

function render() {
  const lab = state.lab;
  const summary = state.summary;
  const snapshot = lab.snapshot(0);
  state.snapshot = snapshot;
  const t = currentThreshold();
  $('threshold-slider').value = t;
  $('threshold-value').textContent = t.toFixed(2);
  const stop = snapshot.stop ? ` · ${stopText(snapshot.stop)}` : '';
  const rejected = snapshot.accepted || snapshot.stop ? '' : ' · step rejected, η shrinks';
  const edited = snapshot.edited ? ' · edited by hand' : '';
  $('status').textContent =
    `t = ${snapshot.iteration} · ${summary.objective}: ${sig(snapshot.objective_train, 6)}` +
    ` · η = ${sig(snapshot.learning_rate)} · ‖∇‖ = ${sig(snapshot.gradient_norm)}${rejected}${edited}${stop}`;
  const slider = $('history');
  slider.max = lab.stepsTaken();
  slider.value = snapshot.iteration;
  slider.setAttribute('aria-valuetext', `step ${snapshot.iteration} of ${slider.max}`);

  try {
    lab.drawActivation($('activation-chart'), canvasScale($('activation-chart')), Number($('output-class').value) || 0);
    lab.drawBoundary($('boundary-chart'), canvasScale($('boundary-chart')), Number($('x-feature').value), Number($('y-feature').value), t, 0, true);
    lab.drawObjective($('objective-chart'), canvasScale($('objective-chart')), 0);
    if (!$('roc-chart').hidden) lab.drawRoc($('roc-chart'), canvasScale($('roc-chart')), rocPart(), t);
  } catch (error) {
    showError(error);
  }
  renderConfusion(t);
  if (!state.editingTheta) renderTheta();
  renderGradient();
  renderCompare(t);
  // The step table grows by a row per step: while playing or running it waits for the stop.
  if (!state.playing && !state.running) renderSteps();
  scheduleUrlUpdate();
}

function rocPart() {
  return $('roc-part').value === 'validation' && state.summary.validation_rows > 0 ? 'validation' : 'train';
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
  const blocks = [];
  // Validation first: it is what the lecture evaluates (and what the ROC shows by default).
  for (const [part, title] of [['validation', 'Validation'], ['train', 'Training']]) {
    const rows = part === 'train' ? state.summary.train_rows : state.summary.validation_rows;
    if (rows === 0) continue;
    blocks.push(confusionBlock(title, state.lab.evaluate(part, t, 0)));
  }
  $('confusion-tables').replaceChildren(...blocks);
}

function confusionBlock(title, e) {
  const m = e.confusion;
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
  const table = el(
    'table',
    { class: 'confusion', 'aria-label': `${title} confusion matrix` },
    el('caption', {}, `${title}: ${m.total} rows`),
    el('thead', {}, head),
    el('tbody', {}, ...body, recall),
  );
  const lines = [`<b>accuracy</b> ${fmt(e.accuracy)} vs <b>baseline</b> ${fmt(e.baseline_accuracy)} (always '${escapeHtml(classes[e.baseline_class])}')`];
  if (e.binary) {
    const b = e.binary;
    lines.push(`<b>precision</b> ${fmt(b.precision)} · <b>recall</b> ${fmt(b.recall)} · <b>F-measure</b> ${fmt(b.f_measure)}`);
    lines.push(`<b>TPR</b> ${fmt(b.tpr)} · <b>FPR</b> ${fmt(b.fpr)} · AUC ${fmt(e.roc && e.roc.auc)} · threshold ${b.threshold}`);
  } else {
    lines.push(`<b>F-measure</b> per class: ${classes.map((c, k) => `${escapeHtml(c)} ${fmt(m.f_measure[k])}`).join(' · ')}`);
  }
  const metrics = el('p', { class: 'metrics', 'data-part': title.toLowerCase() });
  metrics.innerHTML = lines.join('<br>');
  if (metrics.textContent.includes('n/a')) {
    metrics.append(el('br'), el('small', {}, 'n/a: undefined, a ratio 0/0 (for example, no row was predicted as that class)'));
  }
  return el('div', {}, table, metrics);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function renderTheta() {
  const theta = state.lab.thetaTable(0);
  const original = theta.original_scale;
  const scaled = state.summary.settings.standardize;
  const heading = (o) => (theta.standardized[0].length === 1 ? `θ (class ${o} is positive)` : `θ for '${o}'`);
  const headers = [el('th', { scope: 'col' }, 'parameter')];
  for (const o of theta.outputs) {
    headers.push(el('th', { scope: 'col' }, scaled ? `${heading(o)}, standardized` : heading(o)));
    if (scaled) headers.push(el('th', { scope: 'col' }, `${heading(o)}, original scale`));
  }
  const rows = theta.parameters.map((name, j) => {
    const cells = [el('td', {}, name)];
    theta.standardized[j].forEach((v, k) => {
      if (state.editingTheta) {
        const input = el('input', { type: 'number', step: 'any', value: v, 'aria-label': `${name}, ${heading(theta.outputs[k])}`, class: 'theta-input' });
        cells.push(el('td', {}, input));
      } else {
        cells.push(el('td', {}, sig(v)));
      }
      // Without a bias, standardized theta has no original-scale twin: said as n/a.
      if (scaled) cells.push(el('td', { title: original ? '' : 'no bias to absorb the scaling shift' }, original ? sig(original[j][k]) : 'n/a'));
    });
    return el('tr', {}, ...cells);
  });
  $('theta-table').replaceChildren(el('thead', {}, el('tr', {}, ...headers)), el('tbody', {}, ...rows));
}

function editTheta(on) {
  if (on) stopAll();
  state.editingTheta = on;
  $('theta-edit').hidden = on;
  $('theta-use').hidden = !on;
  $('theta-cancel').hidden = !on;
  renderTheta();
  if (on) $('theta-table').querySelector('input').focus();
}

function useTheta() {
  const inputs = [...$('theta-table').querySelectorAll('input.theta-input')];
  const values = inputs.map((input) => Number(input.value));
  const bad = inputs.findIndex((input, i) => input.value.trim() === '' || !Number.isFinite(values[i]));
  if (bad >= 0) {
    showError(new Error(`${inputs[bad].getAttribute('aria-label')}: enter a number`));
    return;
  }
  const snapshot = guarded(() => state.lab.setTheta(new Float64Array(values)));
  if (!snapshot) return;
  editTheta(false);
  render();
}

// ---------- the gradient panel ----------

function renderGradient() {
  const s = state.summary;
  // With K outputs, the output chosen under the activation chart.
  const e = state.lab.explain(Number($('output-class').value) || 0);
  const o = s.neuron === 'multi-logistic' || s.neuron === 'softmax' ? ` [${s.classes[e.output]}]` : '';
  const key = s.neuron === 'perceptron' ? `perceptron-${s.settings.perceptron_rule}` : s.neuron;
  const formula = FORMULAS[key];
  const info = $('gradient-row-info');
  const direction = e.ascent ? 'ascent: θ ← θ + η∇' : 'descent: θ ← θ − η∇';
  const head = [el('th', { scope: 'col' }, 'parameter')];
  if (e.row) head.push(el('th', { scope: 'col' }, 'x_ij'), el('th', { scope: 'col' }, `term x_ij·c${o}`));
  head.push(el('th', { scope: 'col' }, `∇_j${o}`), el('th', { scope: 'col' }, `Δθ_j${o}`));
  if (e.row) {
    const r = e.row;
    const y = r.y.length === 1 ? sig(r.y[0], 6) : s.classes[r.y.indexOf(1)];
    const yHat = r.y_hat.map((v) => sig(v, 6)).join(', ');
    info.textContent =
      `Row ${r.train_row + 1} of ${e.rows} training rows: y = ${y}, z = ${r.z.map((v) => sig(v, 6)).join(', ')}, ŷ = ${yHat}; ` +
      `${formula.factor(r, sig)}. Gradient ${direction}; the next step's η = ${sig(e.learning_rate, 6)}.`;
  } else {
    info.textContent = `Click a point in the activation or decision-boundary chart to see its term. Gradient ${direction}; the next step's η = ${sig(e.learning_rate, 6)}; over ${e.rows} training rows.`;
  }
  const rows = s.parameter_names.map((name, j) => {
    const cells = [el('th', { scope: 'row' }, name)];
    if (e.row) cells.push(el('td', {}, sig(e.row.x[j], 6)), el('td', {}, sig(e.row.term[j], 6)));
    cells.push(el('td', {}, sig(e.gradient[j], 6)), el('td', {}, sig(e.delta[j], 6)));
    return el('tr', {}, ...cells);
  });
  $('gradient-table').replaceChildren(el('thead', {}, el('tr', {}, ...head)), el('tbody', {}, ...rows));
}

// ---------- the step table ----------

const STEP_ROWS = 200;

function renderSteps() {
  const s = state.summary;
  const now = state.lab.snapshot(0).iteration;
  const from = Math.max(0, now + 1 - STEP_ROWS);
  const rows = state.lab.history(from, now + 1);
  const names = s.parameter_names;
  const k = rows.length ? rows[0].outputs : 1;
  const thetaHeads = names.flatMap((n) => (k === 1 ? [`θ ${n}`] : s.classes.map((c) => `θ ${n} [${c}]`)));
  const head = ['t', ...thetaHeads, '‖∇‖', 'η', `${s.objective} (train)`, '(validation)', 'change', 'step'].map((h) => el('th', { scope: 'col' }, h));
  const body = rows.map((r) => {
    const kind = r.edited ? 'edited' : r.accepted ? 'accepted' : 'rejected';
    const button = el('button', { type: 'button', 'aria-label': `Rewind to step ${r.iteration}` }, String(r.iteration));
    const tr = el(
      'tr',
      { class: `${r.iteration === now ? 'current' : ''} ${kind === 'rejected' ? 'rejected' : ''}`, 'data-step': r.iteration },
      el('td', {}, button),
      ...r.theta.map((v) => el('td', {}, sig(v))),
      el('td', {}, sig(r.gradient_norm)),
      el('td', {}, sig(r.learning_rate)),
      el('td', {}, sig(r.objective_train, 6)),
      el('td', {}, r.objective_validation === null || r.objective_validation === undefined ? '–' : sig(r.objective_validation, 6)),
      el('td', {}, r.change === null || r.change === undefined ? '–' : sig(r.change)),
      el('td', {}, kind),
    );
    return tr;
  });
  $('steps-table').replaceChildren(el('thead', {}, el('tr', {}, ...head)), el('tbody', {}, ...body));
  $('steps-note').textContent =
    (from > 0 ? `Steps ${from} to ${now} of ${now} (the CSV has them all). ` : '') + 'Click a step to rewind to it.';
  const wrap = $('steps-wrap');
  wrap.scrollTop = wrap.scrollHeight;
}

// ---------- threshold, compare ----------

function renderCompare(t) {
  const s = state.summary;
  if (!s.compare) return;
  const lab = state.lab;
  const a = lab.snapshot(0);
  const b = lab.snapshot(1);
  const part = s.validation_rows > 0 ? 'validation' : 'train';
  const ea = lab.evaluate(part, t, 0);
  const eb = lab.evaluate(part, t, 1);
  const row = (label, x, y) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, x), el('td', {}, y));
  $('compare-table').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', { scope: 'col' }, s.neuron), el('th', { scope: 'col' }, s.compare.neuron))),
    el(
      'tbody',
      {},
      row('objective', `${s.objective}: ${sig(a.objective_train, 6)}`, `${s.compare.objective}: ${sig(b.objective_train, 6)}`),
      row('step t', String(a.iteration) + (a.stop ? ` (${a.stop})` : ''), String(b.iteration) + (b.stop ? ` (${b.stop})` : '')),
      row(`${part} accuracy`, fmt(ea.accuracy), fmt(eb.accuracy)),
      row(s.classes.length === 2 ? `${part} F-measure (class ${s.classes[1]})` : `${part} mean F-measure`, fmt(fMeasure(ea)), fmt(fMeasure(eb))),
    ),
  );
  $('compare-a-heading').textContent = `${s.neuron}: ${s.objective}`;
  $('compare-b-heading').textContent = `${s.compare.neuron}: ${s.compare.objective}`;
  const [x, y] = [Number($('x-feature').value), Number($('y-feature').value)];
  try {
    lab.drawBoundary($('compare-boundary-a'), canvasScale($('compare-boundary-a')), x, y, t, 0, false);
    lab.drawBoundary($('compare-boundary'), canvasScale($('compare-boundary')), x, y, t, 1, false);
    lab.drawObjective($('compare-objective-a'), canvasScale($('compare-objective-a')), 0);
    lab.drawObjective($('compare-objective'), canvasScale($('compare-objective')), 1);
  } catch (error) {
    showError(error);
  }
  $('compare-confusion-a').replaceChildren(confusionBlock(`${s.neuron}, ${part}`, ea));
  $('compare-confusion').replaceChildren(confusionBlock(`${s.compare.neuron}, ${part}`, eb));
}

// The positive class's F-measure with two classes (K outputs too), else the mean over classes.
function fMeasure(e) {
  if (e.binary) return e.binary.f_measure;
  return e.confusion.classes.length === 2 ? e.confusion.f_measure[1] : e.confusion.mean_f_measure;
}

function setCompare(neuron) {
  stopAll();
  const summary = guarded(() => state.lab.setCompare(neuron || undefined));
  if (summary) loaded(summary);
  else $('compare-neuron').value = state.summary.compare ? state.summary.compare.neuron : '';
}

// ---------- clicks on the charts ----------

function canvasPixel(canvas, event) {
  const box = canvas.getBoundingClientRect();
  return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
}

function reach(canvas) {
  return 14 * (canvas.width / canvas.getBoundingClientRect().width);
}

function pick(chart, canvas, event) {
  const [x, y] = canvasPixel(canvas, event);
  const picked = guarded(() => state.lab.pickRow(chart, x, y, reach(canvas)));
  if (!picked) return;
  if (picked.validation) showNotice('That is a validation row: the gradient is computed on training rows only.');
  render();
}

function boundaryClick(event) {
  const canvas = $('boundary-chart');
  const mode = $('click-mode').value;
  if (mode === 'select') return pick('boundary', canvas, event);
  stopAll();
  const [x, y] = canvasPixel(canvas, event);
  const snapshot = event.shiftKey
    ? guarded(() => state.lab.removePoint(x, y, reach(canvas)))
    : guarded(() => state.lab.addPoint(x, y, Number(mode.split(':')[1])));
  afterEdit(snapshot);
}

// ---------- classify ----------

async function classifyFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const section = $('classify-results');
  const result = guarded(() => state.lab.classifyCsv(bytes, threshold()));
  if (!result) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const e = result.evaluation;
  $('classify-summary').textContent =
    `${file.name}: ${result.predictions.length} rows classified, ${result.errors.length} skipped.` +
    (e ? ` Against its '${result.target}' column:` : '');
  $('classify-evaluation').replaceChildren(...(e ? [confusionBlock(file.name, e)] : []));
  const link = $('download-predictions');
  link.onclick = (event) => {
    event.preventDefault();
    download(file.name.replace(/\.[^.]*$/, '') + '-predictions.csv', result.csv, 'text/csv');
  };
  $('classify-errors').replaceChildren(...result.errors.map((m) => el('li', {}, `skipped ${m}`)));
  const shown = result.predictions.slice(0, 200);
  const heading = result.probability_heading;
  $('classify-table').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'line'), el('th', {}, `predicted ${result.target}`), el('th', {}, heading))),
    el('tbody', {}, ...shown.map((p) => el('tr', {}, el('td', {}, p.line), el('td', {}, p.class), el('td', {}, fmt(p.probability, 4))))),
  );
  section.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

// ---------- the URL holds the whole state ----------

let urlTimer = null;

function scheduleUrlUpdate() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(updateUrl, 150);
}

function updateUrl() {
  const s = state.summary;
  const st = s.settings;
  const uploaded = !$('dataset').value || state.awaitingUpload;
  const params = new URLSearchParams({
    data: uploaded ? 'uploaded' : $('dataset').value,
    points: $('points').value,
    neuron: st.neuron,
    rule: st.perceptron_rule,
    lr: st.learning_rate,
    adaptive: st.adaptive ? 1 : 0,
    eps: st.epsilon,
    max: st.max_iterations,
    seed: st.seed,
    tf: st.train_fraction,
    std: st.standardize ? 1 : 0,
    thr: $('threshold').value,
    x: $('x-feature').value,
    y: $('y-feature').value,
    step: state.lab.snapshot(0).iteration,
  });
  if (s.compare) params.set('compare', s.compare.neuron);
  if (!$('output-label').hidden) params.set('out', $('output-class').value);
  // Theta set by hand on the way: "t:v,v,v;t:v,v,v", replayed in order on restore.
  const edits = state.lab.thetaEdits();
  if (edits.length) params.set('edits', edits.map((e) => `${e.t}:${e.theta.join(',')}`).join(';'));
  history.replaceState(null, '', `#${params}`);
}

// What a link cannot carry, said when it is copied.
function linkCaveat() {
  if (!$('dataset').value) return ' It cannot carry the uploaded file: whoever opens it must upload the file again.';
  if (state.dataEdited) return ' It cannot carry the points added or removed by hand.';
  return '';
}

// Restores a state from the URL's hash; returns true if there was one.
function restoreFromUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (!params.has('neuron')) return false;
  const set = (id, key) => params.has(key) && ($(id).value = params.get(key));
  set('points', 'points');
  set('neuron', 'neuron');
  set('perceptron-rule', 'rule');
  set('learning-rate', 'lr');
  set('epsilon', 'eps');
  set('max-iterations', 'max');
  set('seed', 'seed');
  set('train-fraction', 'tf');
  set('threshold', 'thr');
  if (params.has('adaptive')) $('adaptive').checked = params.get('adaptive') === '1';
  if (params.has('std')) $('standardize').checked = params.get('std') === '1';
  // Settings first, on the data loaded now, then the data set: a multi-class neuron
  // works on any data, and the link's data set then keeps the link's neuron.
  applySettings();
  const data = params.get('data') || 'separable';
  if (data === 'uploaded') {
    // The settings are restored; the steps need the file, which the link cannot carry.
    // Until a file is loaded, the link keeps saying so.
    state.awaitingUpload = true;
    render();
    showNotice('This link was made with an uploaded file, which a link cannot carry: upload it again, then step.');
    return true;
  }
  if (!loadBuiltin(data)) return true;
  if (params.get('compare')) setCompare(params.get('compare'));
  set('x-feature', 'x');
  set('y-feature', 'y');
  set('output-class', 'out');
  const t = Number(params.get('step')) || 0;
  let now = 0;
  for (const edit of (params.get('edits') || '').split(';').filter(Boolean)) {
    const [at, values] = edit.split(':');
    guarded(() => state.lab.step(Number(at) - 1 - now));
    guarded(() => state.lab.setTheta(new Float64Array(values.split(',').map(Number))));
    now = Number(at);
  }
  if (t > now) guarded(() => state.lab.step(t - now));
  render();
  return true;
}

// ---------- the guided tour ----------

function showTourStop(index) {
  state.tourStop = index;
  const stop = TOUR[index];
  $('tour').hidden = false;
  $('tour-title').textContent = `Tour ${index + 1}/${TOUR.length}: ${stop.title}`;
  $('tour-paragraph').textContent = stop.text;
  $('tour-formula').innerHTML = FORMULAS[stop.formula].math;
  $('tour-back').disabled = index === 0;
  $('tour-next').disabled = index === TOUR.length - 1;
  $('points').value = 200;
  if (!loadBuiltin(stop.dataset)) return;
  $('neuron').value = stop.neuron;
  if (stop.rule) $('perceptron-rule').value = stop.rule;
  applySettings();
}

// ---------- keyboard ----------

const NEURON_KEYS = ['linear', 'perceptron', 'logistic-se', 'logistic', 'multi-logistic', 'softmax'];

// Text fields, menus and dialogs keep their keys; a focused slider keeps its arrows;
// a focused button keeps Enter (Space steps, whichever button was clicked last).
function keyBelongsToControl(target, key) {
  if (!target.matches) return false;
  if (target.matches('input[type=range]')) return key.startsWith('Arrow');
  if (target.matches('button')) return key === 'Enter';
  return Boolean(target.closest('input, select, textarea, dialog'));
}

function onKey(event) {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key;
  if (keyBelongsToControl(target, key)) return;
  if (key === ' ') step(1);
  else if (key === 'p' || key === 'P') togglePlay();
  else if (key === 'r' || key === 'R') reset();
  else if (key === 'ArrowLeft') walk(-1);
  else if (key === 'ArrowRight') walk(1);
  else if (key >= '1' && key <= '6') {
    $('neuron').value = NEURON_KEYS[Number(key) - 1];
    applySettings();
  } else if (key === '?') $('keys-dialog').showModal();
  else if (key === 'v' || key === 'V') toggleProjector();
  else return;
  event.preventDefault();
}

function toggleProjector() {
  const on = document.body.classList.toggle('projector');
  $('projector').setAttribute('aria-pressed', String(on));
  render();
}

// ---------- wiring ----------

function wire() {
  $('error-close').addEventListener('click', clearError);
  $('notice-close').addEventListener('click', () => showNotice(''));
  $('large-type').addEventListener('change', (e) => {
    document.body.classList.toggle('large', e.target.checked);
    render();
  });
  $('projector').addEventListener('click', toggleProjector);
  $('keys-help').addEventListener('click', () => $('keys-dialog').showModal());
  $('copy-link').addEventListener('click', async () => {
    updateUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      showNotice(`Link copied: it reopens this data set, neuron, settings and step.${linkCaveat()}`);
    } catch {
      showNotice(`Copy this link: ${location.href}${linkCaveat()}`);
    }
  });
  $('tour-start').addEventListener('click', () => showTourStop(0));
  $('tour-next').addEventListener('click', () => showTourStop(Math.min(TOUR.length - 1, state.tourStop + 1)));
  $('tour-back').addEventListener('click', () => showTourStop(Math.max(0, state.tourStop - 1)));
  $('tour-close').addEventListener('click', () => {
    $('tour').hidden = true;
    state.tourStop = -1;
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
  $('threshold').addEventListener('change', render);
  $('threshold-slider').addEventListener('input', (e) => {
    $('threshold').value = e.target.value;
    render();
  });
  for (const id of ['x-feature', 'y-feature', 'output-class', 'roc-part']) {
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
  $('activation-chart').addEventListener('click', (e) => pick('activation', $('activation-chart'), e));
  $('boundary-chart').addEventListener('click', boundaryClick);
  $('theta-edit').addEventListener('click', () => editTheta(true));
  $('theta-cancel').addEventListener('click', () => editTheta(false));
  $('theta-use').addEventListener('click', useTheta);
  $('compare-neuron').addEventListener('change', (e) => setCompare(e.target.value));
  $('steps-table').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-step]');
    if (row) rewind(Number(row.dataset.step));
  });
  $('export-steps').addEventListener('click', () => download('steps.csv', state.lab.historyCsv(), 'text/csv'));
  $('export-theta-json').addEventListener('click', () => download('theta.json', state.lab.thetaJson(), 'application/json'));
  $('export-theta-csv').addEventListener('click', () => download('theta.csv', state.lab.thetaCsv(), 'text/csv'));
  $('export-model').addEventListener('click', () => {
    const model = guarded(() => state.lab.modelJson(currentThreshold()));
    if (model) download('model.json', model, 'application/json');
  });
  for (const button of document.querySelectorAll('button.png')) {
    button.addEventListener('click', () => {
      $(button.dataset.canvas).toBlob((blob) => download(`${button.dataset.name}.png`, blob));
    });
  }
  document.addEventListener('keydown', onKey);
  // A menu changed with the mouse gives the keys back to the page, so → walks the
  // history instead of changing the neuron.
  for (const select of document.querySelectorAll('select')) {
    select.addEventListener('change', () => select.blur());
  }
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 100);
  });
}

async function main() {
  await init();
  const catalogue = Lab.catalogue();
  state.catalogue = catalogue;
  $('dataset').replaceChildren(...catalogue.datasets.map(([name, description]) => el('option', { value: name, title: description }, `${name}: ${description}`)));
  $('neuron').replaceChildren(...catalogue.neurons.map(([name, activation, objective]) => el('option', { value: name }, `${name} (${activation}, ${objective})`)));
  $('compare-neuron').append(...catalogue.neurons.map(([name]) => el('option', { value: name }, name)));
  state.lab = new Lab();
  wire();
  state.summary = state.lab.summary();
  if (!restoreFromUrl()) loaded(state.summary);
  state.readyAt = performance.now();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  showError(error);
  console.error(error);
});
