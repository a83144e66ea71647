// The page's worker: the same wasm core as the page, off the main thread. It reads
// uploaded files (a preview, then the data set in numbers) and runs "Run to
// convergence", sending the steps back in batches for the page to take as its own.
// Messages in: { id, kind: 'preview' | 'read' | 'run' | 'stop', ... }; out:
// { id, kind: 'progress' | 'steps' | 'done' | 'error', ... }.
import init, { Background, previewCsv, readCsv } from './pkg/neuron_lab.js';

const ready = init();
const background = new Promise((resolve) => ready.then(() => resolve(new Background())));

// A run sends its steps about this often, so the page can draw them as they come.
const BATCH_MS = 50;
let running = null; // the id of the run in progress

const bytesOf = async (file) => new Uint8Array(await file.arrayBuffer());
const messageOf = (error) => (error && error.message ? error.message : String(error));

async function preview({ id, file }) {
  await ready;
  const progress = (fraction) => postMessage({ id, kind: 'progress', fraction });
  postMessage({ id, kind: 'done', preview: previewCsv(await bytesOf(file), progress) });
}

// The rows of a file, read and prepared with the page's settings, and sent (not copied)
// to the page.
async function read({ id, file, target, drop, positive, settings }) {
  await ready;
  const bytes = await bytesOf(file);
  const progress = (fraction) => postMessage({ id, kind: 'progress', fraction });
  const rows = readCsv(bytes, target, drop, positive, settings, progress);
  postMessage({ id, kind: 'done', rows }, buffers(rows));
}

// The buffers of the rows' typed arrays, to be moved rather than copied.
function buffers(rows) {
  return Object.values(rows).filter((value) => ArrayBuffer.isView(value)).map((array) => array.buffer);
}

async function run({ id, rowsId, parts, handoff }) {
  const bg = await background;
  if (parts) bg.setRows(BigInt(rowsId), parts);
  if (!bg.hasRows(BigInt(rowsId))) {
    postMessage({ id, kind: 'need-rows' });
    return;
  }
  bg.start(handoff);
  running = id;
  let chunk = 1;
  let stepping = 0;
  for (;;) {
    const start = performance.now();
    let done = false;
    while (!done && performance.now() - start < BATCH_MS) {
      const before = performance.now();
      done = bg.step(chunk);
      const took = performance.now() - before;
      chunk = Math.max(1, Math.min(100000, Math.round(chunk * (took > 0 ? 5 / took : 2))));
    }
    stepping += performance.now() - start;
    const [step, objective] = bg.progress();
    postMessage({ id, kind: done ? 'done' : 'steps', steps: bg.takeSteps(), step, objective, stepping });
    if (done) break;
    // Let a 'stop' message in between batches.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (running !== id) break;
  }
  // A stopped run may end after the next one started: it ends only its own.
  if (running === id) running = null;
}

const kinds = { preview, read, run, stop: ({ run }) => running === run && (running = null) };

onmessage = async ({ data }) => {
  try {
    await kinds[data.kind](data);
  } catch (error) {
    if (running === data.id) running = null;
    postMessage({ id: data.id, kind: 'error', message: messageOf(error) });
  }
};
