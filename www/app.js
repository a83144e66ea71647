// Neuron Lab's page. All math lives in Rust (the Lab handle); these modules move
// values between the page and the Lab:
//   app.js        loads the wasm, fills the menus, wires the controls
//   actions/      training.js (step, play, run, ...), data.js (data, settings), files.js
//                 (files read in the worker, classified), loaded.js (a new summary shown)
//   render.js     status, charts and panels from the store; views/ build the nodes
//   store.js      the page's state, every field declared
//   link.js       the URL, through url-state.js's table of fields
//   background.js the worker (worker.js): files read and runs to convergence off the main thread
//   embed.js      one chart in a slide's frame (?embed=CHART), and the embed code
//   projector.js  the projector window (?projector=ID), following a lab window
//   keys.js, tour.js, upload.js, panels.js, notify.js, dom.js
import init, { Lab } from './pkg/neuron_lab.js';
import { $, el, download } from './dom.js';
import { store, update } from './store.js';
import { guarded, showError, showNotice, wireMessages } from './notify.js';
import { render, drawChartAt, textScale } from './render.js';
import { showPanel, wirePanels } from './panels.js';
import { neuronDescription } from './settings-form.js';
import { compareChoices } from './views/compare.js';
import * as training from './actions/training.js';
import * as data from './actions/data.js';
import * as files from './actions/files.js';
import { wireKeys, toggleProjector, TRAINING } from './keys.js';
import { wireTour } from './tour.js';
import { wireUpload } from './upload.js';
import { wireSurface } from './surface.js';
import { wireLink, restoreFromUrl, updateUrl, linkCaveat } from './link.js';
import * as background from './background.js';
import { registerOffline } from './offline.js';
import { embeddedChart, enterEmbed, showEmbedded, wireEmbedDialog } from './embed.js';
import { announceLab, followedLab, followLabWindow, openProjectorWindow, projectorLags, projectorSyncTimes, VIEW } from './projector.js';

const on = (id, type, handler) => $(id).addEventListener(type, handler);

function fillMenus(catalogue) {
  $('dataset').replaceChildren(...catalogue.datasets.map(([name, description]) => el('option', { value: name, title: description }, name)));
  $('neuron').replaceChildren(...catalogue.neurons.map((n) => el('option', { value: n.name, title: neuronDescription(n) }, n.name)));
  $('compare-neuron').append(...compareChoices(catalogue).map(({ value, label }) => el('option', { value }, label)));
  const { min, max, default: points } = catalogue.points;
  Object.assign($('points'), { min, max, value: points });
}

const PNG_NAMES = { boundary: 'decision-boundary', surface: 'objective-surface' };

// The chart as a PNG at the size chosen beside "Copy link", drawn anew at that size
// (not the screen's pixels scaled): "2x" is the chart as laid out on screen at twice its
// pixels; "1920x1080" fills that many pixels, its text as large as on screen at the
// larger of the two scales. The screen's chart is drawn again after (its clicks map to it).
function exportPng(chart) {
  const shown = $(`${chart}-chart`);
  const box = shown.getBoundingClientRect();
  const size = $('png-size').value;
  const canvas = document.createElement('canvas');
  let scale;
  const times = /^(\d)x$/.exec(size);
  if (times) {
    const k = Number(times[1]) * (window.devicePixelRatio || 1);
    [canvas.width, canvas.height, scale] = [Math.round(box.width * k), Math.round(box.height * k), k];
  } else {
    const [width, height] = size.split('x').map(Number);
    [canvas.width, canvas.height, scale] = [width, height, Math.min(width / box.width, height / box.height)];
  }
  const name = `${PNG_NAMES[chart] ?? chart}.png`;
  drawChartAt(chart, canvas, scale * textScale(), 0, false);
  canvas.toBlob((blob) => download(name, blob));
  render();
}

function wireControls() {
  on('step', 'click', () => training.step(1));
  on('step10', 'click', () => training.step(10));
  on('play', 'click', training.togglePlay);
  on('run', 'click', training.runToConvergence);
  on('stop', 'click', () => training.requestStop(files.cancelReading));
  on('reset', 'click', training.reset);
  on('history', 'input', (e) => training.rewind(Number(e.target.value)));
  on('dataset', 'change', (e) => e.target.value && data.loadBuiltin(e.target.value));
  on('points', 'change', () => store.source === 'builtin' && data.loadBuiltin(store.dataset));
  // The sliders show their value as they move, and restart from the seed when let go.
  on('noise', 'input', (e) => ($('noise-value').textContent = e.target.value));
  on('noise', 'change', () => store.source === 'builtin' && data.loadBuiltin(store.dataset));
  on('train-fraction', 'input', (e) => {
    e.target.value = Math.round(Number(e.target.value) * 100) / 100;
    $('train-fraction-value').textContent = e.target.value;
  });
  on('csv-use', 'click', files.useCsv);
  const settingsFields = ['neuron', 'perceptron-rule', 'optimizer', 'learning-rate', 'epsilon', 'max-iterations', 'seed', 'train-fraction', 'adaptive', 'standardize',
    'l1', 'l2', 'epsilon-on', 'batch-size', 'fx-square', 'fx-product', 'fx-sin'];
  for (const id of settingsFields) {
    on(id, 'change', data.applySettings);
  }
  on('threshold', 'change', data.thresholdTyped);
  on('threshold-slider', 'input', (e) => data.setView({ threshold: Number(e.target.value) }));
  on('x-feature', 'change', (e) => data.setView({ xFeature: Number(e.target.value) }));
  on('y-feature', 'change', (e) => data.setView({ yFeature: Number(e.target.value) }));
  on('output-class', 'change', (e) => data.setView({ output: Number(e.target.value) }));
  on('roc-part', 'change', (e) => data.setView({ rocPart: e.target.value }));
  on('click-mode', 'change', (e) => update({ clickMode: e.target.value }));
  on('activation-chart', 'click', (e) => training.pick('activation', $('activation-chart'), e));
  on('boundary-chart', 'click', (e) => {
    if (store.clickMode === 'select') training.pick('boundary', $('boundary-chart'), e);
    else if (training.editPoints($('boundary-chart'), e)) data.pointsEdited();
  });
  on('theta-edit', 'click', () => training.editTheta(true));
  on('theta-cancel', 'click', () => training.editTheta(false));
  on('theta-use', 'click', training.useTheta);
  on('compare-neuron', 'change', (e) => data.setCompare(e.target.value));
  on('steps-table', 'click', (e) => {
    const row = e.target.closest('tr[data-step]');
    if (row) training.rewind(Number(row.dataset.step));
  });
  on('export-steps', 'click', () => download('steps.csv', store.lab.historyCsv(), 'text/csv'));
  on('export-theta-json', 'click', () => download('theta.json', store.lab.thetaJson(), 'application/json'));
  on('export-theta-csv', 'click', () => download('theta.csv', store.lab.thetaCsv(), 'text/csv'));
  on('export-model', 'click', () => {
    const model = guarded(() => store.lab.modelJson(store.threshold));
    if (model) download('model.json', model, 'application/json');
  });
  on('download-predictions', 'click', () => {
    const p = store.predictions;
    if (p) download(`${p.name.replace(/\.[^.]*$/, '')}-predictions.csv`, p.csv, 'text/csv');
  });
  for (const button of document.querySelectorAll('button.png')) {
    // Read at the click: the objective chart's button saves the view shown.
    button.addEventListener('click', () => exportPng(button.dataset.chart));
  }
}

function wireHeader() {
  on('large-type', 'change', (e) => {
    update({ large: e.target.checked });
    document.body.classList.toggle('large', e.target.checked);
    render();
  });
  on('projector', 'click', toggleProjector);
  on('projector-window', 'click', () => openProjectorWindow(TRAINING));
  on('keys-help', 'click', () => $('keys-dialog').showModal());
  on('copy-link', 'click', async () => {
    updateUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      showNotice(`Link copied: it reopens this data set, neuron, settings and step.${linkCaveat()}`);
    } catch {
      showNotice(`Copy this link: ${location.href}${linkCaveat()}`);
    }
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 100);
  });
}

// The wasm module's memory (it grows, and is never given back while the page lives).
let memory = null;

// What tests and the benchmark may read: a view, not the state.
function exposeForTests() {
  window.neuronLab = Object.freeze({
    get frameTimes() {
      return [...store.frameTimes];
    },
    get readyAt() {
      return store.readyAt;
    },
    get lastRun() {
      return store.lastRun && { ...store.lastRun };
    },
    get panel() {
      return store.panel;
    },
    // A run, or a link's steps being replayed.
    get running() {
      return store.running;
    },
    get step() {
      return store.snapshot ? store.snapshot.iteration : 0;
    },
    rowPosition: (chart, row) => store.lab.rowPosition(chart, row),
    // Every step so far, as the steps CSV has them (every digit).
    historyCsv: () => store.lab.historyCsv(),
    // The bytes the main thread's wasm memory holds.
    get memoryBytes() {
      return memory ? memory.buffer.byteLength : 0;
    },
    // A file being read in the worker.
    get reading() {
      return store.reading;
    },
    // The lab's settings (a copy): what the worker prepares uploaded rows with.
    get settings() {
      return store.summary && { ...store.summary.settings };
    },
    // The current theta (row-major), as the status and θ's table show it.
    get theta() {
      return store.snapshot ? [...store.snapshot.theta] : [];
    },
    get mode() {
      return store.mode;
    },
    // The training row selected (its gradient term shown), or null.
    get selected() {
      return store.lab.selected() ?? null;
    },
    // What the charts show besides the Lab's state (what a projector window is sent).
    get view() {
      return Object.fromEntries(VIEW.map((field) => [field, store[field]]));
    },
    // In a projector window: the last syncs' times from the lab window's message to the charts drawn.
    projectorLags,
    // In a lab window: the last syncs' times there (what its projector windows cost it).
    projectorSyncTimes,
  });
}

async function main() {
  // The module boot.js began compiling while the page was read, when it ran first.
  const early = await window.neuronLabWasm;
  const wasm = await init(early ? { module_or_path: early } : undefined);
  memory = wasm.memory;
  const catalogue = Lab.catalogue();
  update({ catalogue, lab: new Lab(), points: catalogue.points.default });
  // A projector window follows a lab window; a slide's frame shows one chart.
  const followed = followedLab();
  const embedded = followed ? null : embeddedChart();
  if (embedded) enterEmbed(embedded);
  fillMenus(catalogue);
  wireMessages();
  wirePanels();
  wireControls();
  wireHeader();
  wireEmbedDialog();
  wireKeys();
  wireTour();
  wireUpload();
  wireSurface();
  if (!followed) wireLink(catalogue);
  exposeForTests();
  showPanel('confusion');
  const summary = store.lab.summary();
  update({ summary, threshold: summary.settings.threshold });
  if (followed) followLabWindow(followed);
  else if (!restoreFromUrl()) data.loaded(summary);
  if (embedded) showEmbedded(embedded);
  update({ readyAt: performance.now() });
  document.body.dataset.ready = 'true';
  if (followed) return;
  if (!embedded) announceLab(TRAINING);
  registerOffline();
  // A slide's frame has no runs or files: no worker.
  if (embedded) return;
  // The worker loads its own copy of the wasm once the page is up, so the first
  // file or run does not wait for it.
  (window.requestIdleCallback || setTimeout)(background.warmUp);
}

main().catch((error) => {
  showError(error);
  console.error(error);
});
