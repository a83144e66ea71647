// The page's side of the worker (worker.js): reading files and running to
// convergence off the main thread. One job at a time; `cancel()` ends the job in
// progress and nothing it would have changed is changed.
let worker = null;
let job = null; // { id, resolve, reject, onMessage }
let nextId = 1;
// The rows the worker has (Lab.handoff().rows), so they are sent once per data set.
let workerRows = null;

function start() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (!job || data.id !== job.id) return;
    if (data.kind === 'error') finish().reject(new Error(data.message));
    else job.onMessage(data);
  };
  // A worker that failed (its module or wasm did not load) is let go: the next job starts another.
  worker.onerror = (event) => {
    worker.terminate();
    worker = null;
    if (job) finish().reject(new Error(`The background worker failed: ${event.message || 'it could not start'}`));
  };
  workerRows = null;
}

// Starts the worker ahead of its first job (it loads the wasm too).
export function warmUp() {
  if (!worker) start();
}

function finish() {
  const ended = job;
  job = null;
  return ended;
}

function send(message, onMessage, transfer = []) {
  if (job) cancel();
  warmUp();
  return new Promise((resolve, reject) => {
    job = { id: nextId++, resolve, reject, onMessage: (data) => onMessage(data, job) };
    worker.postMessage({ ...message, id: job.id }, transfer);
  });
}

// Ends the job in progress: a file read is abandoned (the worker is replaced, its
// memory freed), a run stops after its current batch, and its promise resolves
// with `{ cancelled: true }`.
export function cancel() {
  const ended = finish();
  if (!ended) return;
  if (ended.kind === 'run') worker.postMessage({ kind: 'stop', run: ended.id });
  else {
    worker.terminate();
    worker = null;
  }
  ended.resolve({ cancelled: true });
}

// The preview of `file` (the wasm's previewCsv): its columns, first rows and suggestions.
export function preview(file, onProgress) {
  return send({ kind: 'preview', file }, (data) => {
    if (data.kind === 'progress') onProgress(data.fraction);
    else finish().resolve(data.preview);
  });
}

// The rows of `file` with these columns, prepared with `settings` (the Lab's), for
// Lab.useRows; `onProgress(fraction)` as the worker reads.
export function read(file, { target, drop, positive }, settings, onProgress) {
  return send({ kind: 'read', file, target, drop, positive, settings }, (data) => {
    if (data.kind === 'progress') onProgress(data.fraction);
    else {
      finish().resolve({ rows: data.rows });
      // A large file grew the worker's memory, which wasm never gives back: a fresh worker.
      if (file.size > 16 * 1024 * 1024) {
        worker.terminate();
        worker = null;
      }
    }
  });
}

// Runs to convergence from `handoff` (Lab.handoff()), the rows taken from `rowsParts()`
// (Lab.rowsParts) when the worker lacks them: `onSteps(steps, progress)` for each batch
// the worker sends (the last with kind 'done'), until training stops or cancel().
export function run(handoff, rowsParts, onSteps) {
  const rowsId = String(handoff.rows);
  const message = { kind: 'run', rowsId, handoff };
  // The rows' arrays are moved to the worker, not copied (the page keeps its own in wasm).
  const withRows = () => {
    const parts = rowsParts();
    const arrays = Object.values(parts).filter((value) => ArrayBuffer.isView(value)).map((array) => array.buffer);
    return [{ ...message, parts }, arrays];
  };
  const [first, transfer] = workerRows === rowsId ? [message, []] : withRows();
  const promise = send(first, (data, current) => {
    if (data.kind === 'need-rows') {
      const [again, arrays] = withRows();
      worker.postMessage({ ...again, id: current.id }, arrays);
      return;
    }
    workerRows = rowsId;
    onSteps(data.steps, data);
    // onSteps may have cancelled the job (steps it could not take).
    if (data.kind === 'done' && job === current) finish().resolve({ stepping: data.stepping });
  }, transfer);
  job.kind = 'run';
  return promise;
}
