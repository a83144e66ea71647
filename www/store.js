// The page's state: every field declared here, changed only through `update`,
// which tells the subscribers which fields changed. The data set itself lives
// in Rust behind `lab`; this holds what the page shows and how.

const FIELDS = {
  lab: null, // the wasm Lab handle
  catalogue: null, // built-in data sets and neurons, from Rust
  summary: null, // what is loaded: data, neuron, settings (Lab.summary())
  snapshot: null, // the current step (Lab.snapshot(0))
  // Where the data came from: 'builtin', 'uploaded' (a file), or 'awaiting-upload'
  // (a link made with a file, which it cannot carry).
  source: 'builtin',
  dataset: 'separable', // the built-in set, when source is 'builtin'
  points: 0, // rows of the built-in set (the catalogue's default at start)
  noise: 1, // the built-in set's noise, times its designed noise
  fileName: '', // the uploaded file's name
  dataEdited: false, // points added or removed by hand
  preview: null, // a read file waiting for its columns to be chosen: { name, file, ...previewCsv() }
  reading: '', // the name of the file the worker is reading, while it reads
  predictions: null, // the last classified file: { name, ...Lab.classifyCsv() }
  // What the charts show.
  xFeature: 0,
  yFeature: 1, // -1: rows by class
  output: 0, // with K outputs, the output the activation chart and gradient show
  threshold: 0.5,
  rocPart: 'validation',
  clickMode: 'select', // 'select' or 'add:K'
  objectiveView: 'steps', // the objective chart: 'steps' (per iteration) or 'surface'
  surfaceX: 1, // the surface's components: indices into θ's values (row-major, D x K)
  surfaceY: 2,
  // How the page looks.
  panel: 'confusion',
  // 'lab' (the whole page), 'embed' (one chart in a frame: ?embed=) or 'projector'
  // (the second window, following a lab window: ?projector=).
  mode: 'lab',
  large: false,
  tourStop: -1,
  editingTheta: false,
  // Training in progress.
  playing: false,
  running: false,
  stopRequested: false,
  playCarry: 0,
  // Per-frame work (ms) of the last play/run frames, for the benchmark.
  frameTimes: [],
  // The last run to convergence: its time from click to stop, and the part of it
  // spent stepping in the worker (ms), for the benchmark.
  lastRun: null,
  readyAt: 0,
};

const state = { ...FIELDS };
const listeners = [];

// The state, read-only: `store.summary`, `store.panel`, ...
export const store = new Proxy(state, {
  set() {
    throw new Error('store: change fields with update({ field: value })');
  },
  get(target, key) {
    if (typeof key === 'string' && !(key in target)) throw new Error(`store: no field '${key}'`);
    return target[key];
  },
});

// Sets the given fields (each must be declared) and notifies with the names of those that changed.
export function update(patch) {
  const changed = [];
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in FIELDS)) throw new Error(`store: no field '${key}'`);
    if (state[key] !== value) {
      state[key] = value;
      changed.push(key);
    }
  }
  if (changed.length) for (const listener of listeners) listener(changed);
}

// Calls `listener(changedFieldNames)` after every update that changed something.
export function subscribe(listener) {
  listeners.push(listener);
}
