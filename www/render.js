// Draws what the store and the Lab hold: the status, the charts (in Rust, on the
// canvases) and the panels. Reads state; changes none but the snapshot.
import { $ } from './dom.js';
import { store, subscribe, update } from './store.js';
import { guarded, showError } from './notify.js';
import { FORMULAS } from './lecture.js';
import { formulaKey } from './neurons.js';
import { statusText } from './views/status.js';
import { confusionBlock } from './views/confusion.js';
import { thetaRows } from './views/theta.js';
import { gradientView } from './views/gradient.js';
import { stepRows } from './views/steps.js';
import { compareLabels, compareRows } from './views/compare.js';

// Sizes the canvas's pixels to its box (crisp on HiDPI screens); returns the drawing scale.
export function canvasScale(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const box = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width * dpr));
  const height = Math.max(1, Math.round(box.height * dpr));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return dpr * textScale();
}

// How large the charts' text is: large type 1.15; a projector window or a slide's frame
// bigger than 1280x720 grows it with the screen (1.5 at 1920x1080), so the back of the
// hall reads it.
export function textScale() {
  const screen = store.mode === 'lab' ? 1 : Math.max(1, Math.min(window.innerWidth / 1280, window.innerHeight / 720));
  return (store.large ? 1.15 : 1) * screen;
}

// Whether a node is shown; checkVisibility asks only for styles, where getClientRects
// would lay out the page anew after the tables a frame rebuilt.
const visible = (node) => (node.checkVisibility ? node.checkVisibility() : node.getClientRects().length > 0);

// Draws one chart on `canvas`: of the main stage, whose clicks select and add rows,
// or of the comparison (`which` 0 or 1, not clickable).
export function drawChart(chart, canvas, which = 0, clickable = true) {
  drawChartAt(chart, canvas, canvasScale(canvas), which, clickable);
}

// Draws one chart on `canvas` as it is sized, at `scale` (fonts and lines).
export function drawChartAt(chart, canvas, scale, which = 0, clickable = true) {
  const lab = store.lab;
  if (chart === 'activation') lab.drawActivation(canvas, scale, store.output);
  else if (chart === 'boundary') lab.drawBoundary(canvas, scale, boundaryView(which, clickable));
  else if (chart === 'objective') lab.drawObjective(canvas, scale, which);
  else if (chart === 'roc') lab.drawRoc(canvas, scale, rocPart(), store.threshold);
  else if (chart === 'surface') lab.drawSurface(canvas, scale, surfaceView());
}

// The surface's components, on a coarse grid while training plays (a frame a step),
// a fine one when it stops.
function surfaceView() {
  return { x: store.surfaceX, y: store.surfaceY, fine: !store.playing && !store.running };
}

// The decision boundary's view for neuron `which`: the plane (no vertical feature
// when yFeature is -1: rows spread by class) and the threshold.
function boundaryView(which, clickable) {
  const yFeature = store.yFeature >= 0 ? store.yFeature : null;
  return { x_feature: store.xFeature, y_feature: yFeature, threshold: store.threshold, neuron: which, clickable };
}

// When training stops playing or running, the surface is drawn again on its fine grid.
subscribe((changed) => {
  if (!changed.includes('playing') && !changed.includes('running')) return;
  if (!store.playing && !store.running && store.objectiveView === 'surface') drawOne('surface');
});

export function rocPart() {
  return store.rocPart === 'validation' && store.summary.validation_rows > 0 ? 'validation' : 'train';
}

// The status line, the history slider, the threshold and the run controls: cheap,
// so a run starts showing Stop at once and draws its charts once per frame.
export function renderControls() {
  const { lab, summary } = store;
  const snapshot = lab.snapshot(0);
  update({ snapshot });
  const status = statusText(summary, snapshot);
  put($('status'), 'textContent', status);
  put($('status'), 'title', status);
  const slider = $('history');
  put(slider, 'max', String(lab.stepsTaken()));
  put(slider, 'value', String(snapshot.iteration));
  const valueText = `step ${snapshot.iteration} of ${slider.max}`;
  if (slider.getAttribute('aria-valuetext') !== valueText) slider.setAttribute('aria-valuetext', valueText);
  put($('threshold-slider'), 'value', String(store.threshold));
  put($('threshold-value'), 'textContent', store.threshold.toFixed(2));
  const busy = store.running || Boolean(store.reading);
  put($('run'), 'disabled', busy);
  put($('stop'), 'textContent', store.reading ? 'Cancel' : 'Stop');
  put($('stop'), 'title', store.reading ? `Stop reading ${store.reading}: the data loaded stays` : 'Stop training here');
  $('stop').classList.toggle('idle', !busy);
  $('progress').classList.toggle('idle', !busy);
}

// Sets a node's property only when it differs: a write of the same value still makes
// the browser work out styles again, and most of the controls stay the same each frame.
function put(node, property, value) {
  if (node[property] !== value) node[property] = value;
}

// Above this many rows, evaluating a part (every row's y_hat, the ROC's sort) takes
// about as long as drawing the other charts: the boundary (its sample of the rows)
// follows a frame later, then the ROC (which evaluates the validation rows), the
// training rows' evaluation and the tables (which show both), a frame each, so that
// no frame waits for all of it.
export const MANY_ROWS = 200000;
let restWaiting = false;

// Runs each step in an animation frame of its own, then `done` (also after an error).
function inFrames(steps, done) {
  requestAnimationFrame(() => {
    if (!steps.length) return done();
    try {
      steps[0]();
    } catch (error) {
      showError(error);
      return done();
    }
    inFrames(steps.slice(1), done);
  });
}

export function render() {
  const many = store.summary.rows > MANY_ROWS;
  // The charts first: their visibility and sizes are read while the page's layout is
  // still the one the browser last drew. Read after this frame's text and tables are
  // written, each read would make the browser work out styles and layout again
  // mid-frame (a fifth of a frame's work), then once more to paint.
  drawCharts(many ? ['activation', 'objective', 'surface'] : ['activation', 'boundary', 'objective', 'surface', 'roc']);
  renderControls();
  if (!many) renderTables();
  else if (!restWaiting) {
    restWaiting = true;
    inFrames(
      [
        () => drawOne('boundary'),
        () => drawOne('roc'),
        // Kept by the Lab for the tables (an evaluation is kept per theta and threshold).
        () => store.summary.train_rows > 0 && guarded(() => store.lab.evaluate('train', store.threshold, 0)),
        renderTables,
      ],
      () => (restWaiting = false),
    );
  }
}

function drawOne(chart) {
  const canvas = $(`${chart}-chart`);
  try {
    if (visible(canvas)) drawChart(chart, canvas);
  } catch (error) {
    showError(error);
  }
}

// While a run on many rows goes on: the status, the progress and the objective's
// curve each batch (the charts of every row and the tables wait for its end).
export function renderProgress() {
  renderControls();
  const canvas = $('objective-chart');
  try {
    if (visible(canvas)) drawChart('objective', canvas);
  } catch (error) {
    showError(error);
  }
}

// The tables of the panel shown (the others are built when their tab is chosen:
// showPanel draws again), and the comparison's.
function renderTables() {
  const panel = store.panel;
  if (panel === 'confusion') renderConfusion();
  if (panel === 'theta' && !store.editingTheta) renderTheta();
  if (panel === 'gradient') renderGradient();
  renderCompare();
  // The step table grows by a row per step: while playing or running it waits for the stop.
  if (panel === 'steps' && !store.playing && !store.running) renderSteps();
}

// The main charts named and, when comparing, the comparison's.
function drawCharts(charts) {
  const comparing = Boolean(store.summary.compare);
  // Shown or hidden before anything is read (a write only when it changes).
  if ($('compare-body').hidden === comparing) $('compare-body').hidden = !comparing;
  try {
    for (const chart of charts) {
      const canvas = $(`${chart}-chart`);
      if (visible(canvas)) drawChart(chart, canvas);
    }
    if (comparing && visible($('compare-body'))) {
      drawChart('boundary', $('compare-boundary-a'), 0, false);
      drawChart('boundary', $('compare-boundary'), 1, false);
      drawChart('objective', $('compare-objective-a'), 0, false);
      drawChart('objective', $('compare-objective'), 1, false);
    }
  } catch (error) {
    showError(error);
  }
}

// The tables of the last frame, as data: while playing they often stay the same.
let shownConfusion = '';
let shownCompareConfusion = '';

function renderConfusion() {
  // Validation first: it is what the lecture evaluates (and what the ROC shows by default).
  const parts = [['validation', 'Validation'], ['train', 'Training']].filter(
    ([part]) => (part === 'train' ? store.summary.train_rows : store.summary.validation_rows) > 0,
  );
  const evaluations = parts.map(([part]) => store.lab.evaluate(part, store.threshold, 0));
  const key = JSON.stringify([parts, evaluations]);
  if (key === shownConfusion && $('confusion-tables').childElementCount === parts.length) return;
  shownConfusion = key;
  $('confusion-tables').replaceChildren(...parts.map(([, title], i) => confusionBlock(title, evaluations[i])));
}

export function renderTheta() {
  const theta = store.lab.thetaTable(0);
  const trueTheta = theta.true_theta ?? null;
  $('theta-table').replaceChildren(...thetaRows(theta, { standardized: store.summary.settings.standardize, editing: store.editingTheta, trueTheta }));
  $('true-theta').hidden = true;
}

function renderGradient() {
  const summary = store.summary;
  const view = gradientView(summary, store.lab.explain(store.output), FORMULAS[formulaKey(summary)]);
  $('gradient-row-info').textContent = view.info;
  $('gradient-table').replaceChildren(...view.table);
  $('gradient-hessian-info').hidden = !view.hessianInfo;
  $('gradient-hessian-info').textContent = view.hessianInfo;
  $('gradient-hessian').hidden = !view.hessian;
  $('gradient-hessian').replaceChildren(...(view.hessian || []));
}

// The steps around the current one, up to 200 rows; the later ones (after a rewind) faded.
const STEP_ROWS = 200;

export function renderSteps() {
  const lab = store.lab;
  const now = lab.snapshot(0).iteration;
  const taken = lab.stepsTaken();
  const to = Math.min(taken, Math.max(now + 50, STEP_ROWS - 1));
  const from = Math.max(0, Math.min(now, to + 1 - STEP_ROWS));
  $('steps-table').replaceChildren(...stepRows(store.summary, lab.history(from, to + 1), now));
  const partial = from > 0 || to < taken ? `Steps ${from} to ${to} of ${taken} (the CSV has them all). ` : '';
  const ahead = taken > now ? `Steps after ${now} are ahead of the current one (faded): click one to go forward. ` : '';
  $('steps-note').textContent = `${partial}${ahead}Click a step to rewind to it.`;
  const current = $('steps-table').querySelector('tr.current');
  const wrap = $('steps-wrap');
  if (current && visible(wrap)) wrap.scrollTop = current.offsetTop - wrap.clientHeight / 2;
}

// The comparison's tables (its charts are drawn with the others, in drawCharts).
function renderCompare() {
  const s = store.summary;
  if (!s.compare) return;
  const lab = store.lab;
  const part = s.validation_rows > 0 ? 'validation' : 'train';
  const evaluations = [0, 1].map((which) => lab.evaluate(part, store.threshold, which));
  $('compare-table').replaceChildren(...compareRows(s, part, [lab.snapshot(0), lab.snapshot(1)], evaluations));
  const [a, b] = compareLabels(s);
  $('compare-a-heading').textContent = `${a}: ${s.objective}`;
  $('compare-b-heading').textContent = `${b}: ${s.compare.objective}`;
  const key = JSON.stringify([a, b, part, evaluations]);
  if (key === shownCompareConfusion) return;
  shownCompareConfusion = key;
  $('compare-confusion-a').replaceChildren(confusionBlock(`${a}, ${part}`, evaluations[0]));
  $('compare-confusion').replaceChildren(confusionBlock(`${b}, ${part}`, evaluations[1]));
}

// The controls that depend on the neuron: the output picker, the threshold and ROC.
export function showNeuronControls(summary) {
  const multi = summary.multiclass;
  $('output-label').hidden = !multi;
  $('threshold').disabled = multi;
  $('threshold-slider').disabled = multi;
  $('roc-part').disabled = multi;
  $('roc-chart').hidden = multi;
  $('roc-note').hidden = !multi;
  document.querySelector('button.png[data-chart=roc]').disabled = multi;
  $('rule-label').hidden = summary.neuron !== 'perceptron';
}
