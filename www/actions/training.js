// Training actions: step, play, run, reset, rewind, theta by hand, clicks on
// the charts. Each calls the Lab, updates the store and redraws.
import { $ } from '../dom.js';
import { store, update } from '../store.js';
import { guarded, showError, showNotice } from '../notify.js';
import { MANY_ROWS, render, renderControls, renderProgress, renderSteps, renderTheta } from '../render.js';
import { STOP_TEXT } from '../views/status.js';
import { showPanel } from '../panels.js';
import * as background from '../background.js';

const stoppedNotice = (stop) => `Training has stopped (${STOP_TEXT[stop]}). Reset, rewind, or change a setting to go on.`;

// Ends play and a run, and leaves theta typing (saying the typed values were not used).
export function stopAll() {
  if (store.playing) togglePlay();
  if (store.editingTheta) {
    editTheta(false);
    showNotice('The typed θ was not used: press "Use these θ" to train from typed values.');
  }
  update({ stopRequested: true });
  stopRun();
}

// Ends a run in the worker, keeping the steps it took so far.
function stopRun() {
  if (!store.running) return;
  background.cancel();
  finishRun();
}

export function step(n) {
  stopAll();
  const before = store.lab.snapshot(0);
  const snapshot = guarded(() => store.lab.step(n));
  if (snapshot && before.stop && snapshot.iteration === before.iteration) showNotice(stoppedNotice(before.stop));
  render();
}

export function reset() {
  stopAll();
  guarded(() => store.lab.reset());
  render();
}

export function rewind(t) {
  stopAll();
  guarded(() => store.lab.rewind(t));
  render();
}

// ← and →: one step back or forward in the history, or a new step at its end.
export function walk(delta) {
  const t = store.lab.snapshot(0).iteration;
  if (delta < 0) rewind(Math.max(0, t - 1));
  else if (t < store.lab.stepsTaken()) rewind(t + 1);
  else step(1);
}

export function togglePlay() {
  if (!store.playing && store.lab.allStopped()) {
    showNotice(stoppedNotice(store.lab.snapshot(0).stop));
    return;
  }
  const playing = !store.playing;
  // Playing steps here: a run in the worker ends first (the page's steps would not follow its own).
  if (playing) stopRun();
  update({ playing });
  $('play').textContent = playing ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(playing));
  if (playing) {
    update({ frameTimes: [], playCarry: 0 });
    requestAnimationFrame(playFrame);
  } else renderSteps();
}

function stepsPerFrame() {
  const value = Number($('steps-per-frame').value);
  return Number.isFinite(value) && value > 0 ? Math.max(0.05, Math.min(1000, value)) : 1;
}

function playFrame() {
  if (!store.playing) return;
  const start = performance.now();
  // Below 1 step per frame, the fraction carries over: 0.1 steps once every 10 frames.
  let carry = store.playCarry + stepsPerFrame();
  const n = Math.floor(carry);
  if (n >= 1) {
    carry -= n;
    const snapshot = guarded(() => store.lab.step(n));
    render();
    store.frameTimes.push(performance.now() - start);
    if (!snapshot || store.lab.allStopped()) {
      update({ playCarry: carry });
      togglePlay();
      return;
    }
  }
  update({ playCarry: carry });
  requestAnimationFrame(playFrame);
}

// Runs until training stops, in the worker (background.js): the page stays free, and
// takes the worker's steps as its own in batches (the same steps it would compute,
// bit for bit), drawing once per animation frame. Stop keeps the steps taken so far.
export function runToConvergence() {
  if (store.running || store.reading) return;
  if (store.playing) togglePlay();
  const run = { started: performance.now() };
  activeRun = run;
  update({ running: true, stopRequested: false, frameTimes: [], lastRun: null });
  renderControls();
  const lab = store.lab;
  const max = store.summary.settings.max_iterations;
  let expected = lab.handoff();
  let drawing = false;
  const draw = () => {
    drawing = false;
    if (!store.running) return;
    if (store.summary.rows > MANY_ROWS) renderProgress();
    else render();
  };
  const take = (steps, progress) => {
    if (activeRun !== run) return;
    if (!guarded(() => lab.adopt(expected, steps))) {
      background.cancel();
      return;
    }
    expected = lab.handoff();
    $('progress').value = progress.step / max;
    if (!drawing) {
      drawing = true;
      requestAnimationFrame(draw);
    }
  };
  // A run stopped ends when its promise settles, maybe after the next run started:
  // it ends only itself.
  background
    .run(expected, () => lab.rowsParts(), take)
    .then((result) => activeRun === run && finishRun(result.cancelled ? null : { ...run, stepping: result.stepping }))
    .catch((error) => {
      if (activeRun !== run) return;
      showError(error);
      finishRun();
    });
}

// The run to convergence in progress (runToConvergence's), to tell it from a later one.
let activeRun = null;

// Ends a run (or a replay, without `run`) and draws the last step.
function finishRun(run) {
  if (!store.running) return;
  activeRun = null;
  update({ running: false });
  render();
  if (run) update({ lastRun: { ms: performance.now() - run.started, steppingMs: run.stepping } });
}

// Replays a link's steps: `plan` is a list of { steps, theta } (step that many,
// then set theta if given). In chunks between animation frames, with the progress
// bar and Stop, so that a link asking for many steps never freezes the tab.
// Resolves with true when the whole plan ran, false when stopped or refused.
export function replay(plan) {
  const total = plan.reduce((n, part) => n + part.steps, 0);
  if (total === 0 && plan.every((part) => !part.theta)) return Promise.resolve(true);
  update({ running: true, stopRequested: false });
  render();
  let done = 0;
  let chunk = 10;
  const queue = plan.map((part) => ({ ...part }));
  return new Promise((resolve) => {
    const finish = (complete) => {
      finishRun();
      resolve(complete);
    };
    const frame = () => {
      if (store.stopRequested) return finish(false);
      const start = performance.now();
      while (queue.length && performance.now() - start < 12) {
        const part = queue[0];
        if (part.steps > 0) {
          const n = Math.min(chunk, part.steps);
          const t = performance.now();
          if (!guarded(() => store.lab.step(n))) return finish(false);
          part.steps -= n;
          done += n;
          const took = performance.now() - t;
          chunk = Math.max(1, Math.min(100000, Math.round(n * (took > 0 ? 6 / took : 2))));
          // A stopped trainer steps no further: the rest of this part is moot.
          if (store.lab.allStopped()) part.steps = 0;
        } else {
          if (part.theta && !guarded(() => store.lab.setTheta(new Float64Array(part.theta)))) return finish(false);
          queue.shift();
        }
      }
      $('progress').value = total ? done / total : 1;
      render();
      if (!queue.length) return finish(true);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

// The Stop button: ends play, a link's replay or a run (keeping its steps so far); as
// Cancel, reading a file.
export function requestStop(cancelReading) {
  update({ stopRequested: true });
  stopRun();
  if (store.reading) cancelReading();
}

// ---------- theta by hand ----------

export function editTheta(on) {
  if (on) stopAll();
  update({ editingTheta: on });
  $('theta-edit').hidden = on;
  $('theta-use').hidden = !on;
  $('theta-cancel').hidden = !on;
  renderTheta();
  if (on) {
    showPanel('theta');
    $('theta-table').querySelector('input').focus();
  }
}

export function useTheta() {
  const inputs = [...$('theta-table').querySelectorAll('input.theta-input')];
  const values = inputs.map((input) => Number(input.value));
  const bad = inputs.findIndex((input, i) => input.value.trim() === '' || !Number.isFinite(values[i]));
  if (bad >= 0) {
    showError(new Error(`${inputs[bad].getAttribute('aria-label')}: enter a number`));
    return;
  }
  const snapshot = guarded(() => store.lab.setTheta(new Float64Array(values)));
  if (!snapshot) return;
  editTheta(false);
  render();
}

// ---------- clicks on the charts ----------

function canvasPixel(canvas, event) {
  const box = canvas.getBoundingClientRect();
  return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
}

// 14 CSS pixels, in canvas pixels.
const reach = (canvas) => 14 * (canvas.width / canvas.getBoundingClientRect().width);

// A click near a row selects it: the gradient panel shows its term.
export function pick(chart, canvas, event) {
  const [x, y] = canvasPixel(canvas, event);
  const picked = guarded(() => store.lab.pickRow(chart, x, y, reach(canvas)));
  if (!picked) return;
  if (picked.validation) showNotice('That is a validation row: the gradient is computed on training rows only.');
  if (picked.train_row !== null && picked.train_row !== undefined) showPanel('gradient');
  render();
}

// Returns true when the rows changed (a point added or removed).
export function editPoints(canvas, event) {
  stopAll();
  const [x, y] = canvasPixel(canvas, event);
  const snapshot = event.shiftKey
    ? guarded(() => store.lab.removePoint(x, y, reach(canvas)))
    : guarded(() => store.lab.addPoint(x, y, Number(store.clickMode.split(':')[1])));
  return Boolean(snapshot);
}
