// Data and settings actions: built-in sets, settings, points edited, the
// comparison, and what the charts show (files: files.js; a new summary: loaded.js).
import { $ } from '../dom.js';
import { store, update } from '../store.js';
import { guarded, showError, showNotice } from '../notify.js';
import { render } from '../render.js';
import { showPanel } from '../panels.js';
import { readSettings, showSettings, numberField, readThreshold } from '../settings-form.js';
import { stopAll } from './training.js';
import { loaded, showDataSource } from './loaded.js';
import { cancelReading } from './files.js';

export { loaded };

// ---------- settings ----------

export function applySettings() {
  stopAll();
  cancelReading();
  let settings;
  try {
    settings = readSettings(store.summary.settings);
  } catch (error) {
    showError(error);
    showSettings(store.summary.settings, store.catalogue);
    return;
  }
  const seedChanged = settings.seed !== store.summary.settings.seed;
  const summary = guarded(() => store.lab.configure(settings));
  if (!summary) {
    showSettings(store.summary.settings, store.catalogue);
    return;
  }
  update({ threshold: settings.threshold });
  // A built-in set is drawn from the seed too: a new seed draws it anew.
  if (seedChanged && store.source === 'builtin') {
    const edited = store.dataEdited;
    if (loadBuiltin(store.dataset) && edited) {
      showNotice('A new seed draws the data set anew: the points added or removed by hand are gone.');
    }
  } else loaded(summary);
}

// ---------- data ----------

// Loads built-in set `name` with the seed and points in the fields; false (and
// the fields put back) when a value is refused.
export function loadBuiltin(name) {
  stopAll();
  cancelReading();
  let seed;
  let points;
  let noise;
  try {
    seed = numberField('seed', 'Seed', { integer: true, min: 0 });
    const { min, max } = store.catalogue.points;
    points = numberField('points', 'Points', { integer: true, min, max });
    noise = numberField('noise', 'Noise', { min: 0, max: 3 });
  } catch (error) {
    showError(error);
    $('points').value = store.points;
    $('noise').value = store.noise;
    $('seed').value = store.summary.settings.seed;
    showDataSource();
    return false;
  }
  const summary = guarded(() => store.lab.loadBuiltin(name, BigInt(seed), points, noise));
  if (!summary) {
    showDataSource();
    return false;
  }
  update({ source: 'builtin', dataset: name, points, noise, dataEdited: false });
  loaded(summary);
  return true;
}

// Points added or removed by hand: the history starts again at the current theta.
export function pointsEdited() {
  update({ dataEdited: true });
  loaded(store.lab.summary());
  showNotice('The rows changed, so the history starts again here (t = 0) from the current θ.');
}

// ---------- compare, classify ----------

export function setCompare(neuron) {
  stopAll();
  const summary = guarded(() => store.lab.setCompare(neuron || undefined));
  if (summary) {
    loaded(summary);
    if (neuron) showPanel('compare');
  } else $('compare-neuron').value = store.summary.compare_choice || '';
}

// ---------- what the charts show ----------

// Changes what the charts show (features, output, threshold, ROC rows, click mode) and redraws.
export function setView(patch) {
  if ('threshold' in patch) {
    $('threshold').value = patch.threshold;
  }
  update(patch);
  render();
}

export function thresholdTyped() {
  try {
    setView({ threshold: readThreshold() });
  } catch (error) {
    showError(error);
    $('threshold').value = store.threshold;
  }
}

export const kOutputs = () => store.summary.multiclass;
