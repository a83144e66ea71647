// Data and settings actions: built-in sets, uploaded files, settings, the
// comparison, classifying a file, and what the charts show.
import { $, el } from '../dom.js';
import { store, update } from '../store.js';
import { clearError, guarded, showError, showNotice } from '../notify.js';
import { render, renderControls, showNeuronControls } from '../render.js';
import { showPanel } from '../panels.js';
import { formulaNodes } from '../lecture.js';
import { formulaKey } from '../neurons.js';
import { readSettings, showSettings, numberField, readThreshold } from '../settings-form.js';
import { summaryText } from '../views/status.js';
import { previewTable, targetOptions, dropBoxes } from '../views/preview.js';
import { predictionRows, skippedItems, classifySummary } from '../views/classify.js';
import { confusionBlock } from '../views/confusion.js';
import { stopAll } from './training.js';
import * as background from '../background.js';
import { Rows } from '../pkg/neuron_lab.js';

// A target with more distinct values than this is asked about before training.
export const MANY_CLASSES = 20;

// ---------- what is loaded ----------

// Shows a new summary from the Lab: header, menus and pickers, then redraws.
export function loaded(summary) {
  update({ summary, editingTheta: false });
  showSettings(summary.settings, store.catalogue);
  showNeuronControls(summary);
  if (summary.notice) showNotice(summary.notice);
  const text = summaryText(summary);
  $('data-summary').textContent = text;
  $('data-summary').title = text;
  fillFeaturePickers(summary.features, summary.feature_levels);
  fillOutputPicker(summary.classes);
  const modes = ['select', ...summary.classes.map((_, k) => `add:${k}`)];
  $('click-mode').replaceChildren(
    el('option', { value: 'select' }, 'select a row'),
    ...summary.classes.map((c, k) => el('option', { value: `add:${k}`, title: 'Shift-click removes the nearest point' }, `add class ${c}`)),
  );
  update({ clickMode: modes.includes(store.clickMode) ? store.clickMode : 'select' });
  $('click-mode').value = store.clickMode;
  $('compare-neuron').value = summary.compare ? summary.compare.name : '';
  $('gradient-formula').replaceChildren(formulaNodes(formulaKey(summary)));
  showDataSource();
  render();
}

function fillFeaturePickers(features, levels) {
  const same = [...$('x-feature').options].map((o) => o.textContent).join('\u0000') === features.join('\u0000');
  if (!same) {
    $('x-feature').replaceChildren(...features.map((f, i) => el('option', { value: i }, f)));
    $('y-feature').replaceChildren(el('option', { value: -1 }, '(rows by class)'), ...features.map((f, i) => el('option', { value: i }, f)));
    // Prefer features with more than two values: two 0/1 columns put every row on four corners.
    const all = features.map((_, i) => i);
    const order = [...all.filter((i) => levels[i] > 2), ...all.filter((i) => levels[i] <= 2)];
    update({ xFeature: order[0], yFeature: features.length > 1 ? order[1] : -1 });
  }
  $('x-feature').value = store.xFeature;
  $('y-feature').value = store.yFeature;
}

function fillOutputPicker(classes) {
  $('output-class').replaceChildren(...classes.map((c, k) => el('option', { value: k }, `class ${c}`)));
  update({ output: store.output < classes.length ? store.output : 0 });
  $('output-class').value = store.output;
}

// The data-set menu says what is loaded: a built-in set, or the uploaded file.
function showDataSource() {
  const menu = $('dataset');
  menu.querySelector('option[data-uploaded]')?.remove();
  if (store.source === 'builtin') {
    menu.value = store.dataset;
  } else {
    const label = store.source === 'uploaded' ? `Uploaded: ${store.fileName}` : 'Uploaded file (upload it again)';
    menu.prepend(el('option', { value: '', 'data-uploaded': true }, label));
    menu.value = '';
  }
  const entry = store.catalogue.datasets.find(([name]) => name === menu.value);
  $('dataset-description').textContent = entry ? entry[1] : 'Your file: see the Data panel for its columns.';
  $('points').disabled = store.source !== 'builtin';
  $('points').value = store.points;
}

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
  try {
    seed = numberField('seed', 'Seed', { integer: true, min: 0 });
    const { min, max } = store.catalogue.points;
    points = numberField('points', 'Points', { integer: true, min, max });
  } catch (error) {
    showError(error);
    $('points').value = store.points;
    $('seed').value = store.summary.settings.seed;
    showDataSource();
    return false;
  }
  const summary = guarded(() => store.lab.loadBuiltin(name, BigInt(seed), points));
  if (!summary) {
    showDataSource();
    return false;
  }
  update({ source: 'builtin', dataset: name, points, dataEdited: false });
  loaded(summary);
  return true;
}

// Reads `file` in the worker with `job` (background.preview or .read) and hands the
// result to `use`, showing the progress bar and the Cancel button until `use` is done
// (`store.reading` says so); the data loaded stays as it is until `use` changes it.
// Nothing is used when the job fails (its error shown), is cancelled, or another
// file's reading took over; `use` is told `current()`, false once that happens.
async function inBackground(file, job, use) {
  const mine = {};
  reader = mine;
  const current = () => reader === mine;
  update({ reading: file.name });
  renderControls();
  $('progress').value = 0;
  try {
    const result = await job((fraction) => ($('progress').value = fraction));
    // Cancelled (cancelReading said so), or another file's reading took over.
    if (!current() || (result && result.cancelled)) return;
    clearError();
    await use(result, current);
  } catch (error) {
    if (current()) showError(error);
  } finally {
    // Another file's reading may have taken over: it ends its own.
    if (current()) {
      reader = null;
      update({ reading: '' });
      renderControls();
    }
  }
}

// The reading in progress (inBackground's), to tell it from one that replaced it.
let reader = null;

// Ends reading a file (the Cancel button; a new data set or new settings): nothing
// loaded changes.
export function cancelReading() {
  if (!store.reading) return;
  showNotice(`Reading ${store.reading} was cancelled: the data loaded before is unchanged.`);
  reader = null;
  background.cancel();
  update({ reading: '' });
  renderControls();
}

// Reads a dropped or chosen file (in the worker) and shows its columns in the Data panel.
export function previewFile(file) {
  stopAll();
  return inBackground(file, () => background.preview(file), showPreview(file));
}

const showPreview = (file) => (preview) => {
  update({ preview: { name: file.name, file, ...preview } });
  $('csv-info').textContent = `${file.name}: ${preview.row_count} rows, ${preview.headers.length} columns, separated by '${preview.delimiter}'.`;
  $('csv-preview').replaceChildren(...previewTable(preview));
  $('csv-target').replaceChildren(...targetOptions(preview));
  $('csv-target').value = preview.suggested_target;
  $('csv-drop').replaceChildren(...dropBoxes(preview));
  $('csv-columns').hidden = false;
  $('data-empty').hidden = true;
  showPanel('data');
  showNotice(`Read ${file.name}: pick the target and the columns to drop, then "Use this data".`);
  $('csv-use').focus();
};

// How many distinct values the previewed column has, when the preview counts them.
function distinctValues(preview, column) {
  const i = preview.headers.indexOf(column);
  return preview.distinct && i >= 0 ? preview.distinct[i] : 0;
}

// Trains on the previewed file with the chosen columns; a target with many
// distinct values is asked about first.
export async function useCsv() {
  const preview = store.preview;
  if (!preview) return;
  const target = $('csv-target').value;
  const classes = distinctValues(preview, target);
  if (classes > MANY_CLASSES && !(await confirmManyClasses(target, classes, preview))) return;
  stopAll();
  const drop = [...$('csv-drop').querySelectorAll('input:checked')].map((b) => b.value).filter((h) => h !== target);
  const positive = $('csv-positive').value.trim() || undefined;
  const columns = { target, drop, positive };
  const settings = store.summary.settings;
  await inBackground(preview.file, (progress) => background.read(preview.file, columns, settings, progress), async (read, current) => {
    // Taking a million rows in, training on them and drawing them are three tasks, with
    // a frame between each.
    const rows = guarded(() => new Rows(read.rows));
    await new Promise(requestAnimationFrame);
    if (!rows || !current()) return;
    stopAll();
    const summary = guarded(() => store.lab.useRows(rows, preview.name));
    if (!summary) return;
    await new Promise(requestAnimationFrame);
    update({ source: 'uploaded', fileName: preview.name, dataEdited: false });
    loaded(summary);
    showPanel('confusion');
    showNotice(`Training on ${preview.name}: ${summary.rows} rows, target '${target}'. Step, play or run.`);
  });
}

function confirmManyClasses(target, classes, preview) {
  const i = preview.headers.indexOf(target);
  const numeric = preview.numeric && preview.numeric[i];
  const counted = classes > 1000 ? 'more than 1000' : String(classes);
  $('classes-text').textContent =
    `'${target}' has ${counted} distinct values, so it would be trained as ${counted} classes` +
    (numeric ? ': it looks like a measured number (a feature), not a class label.' : '.') +
    ' Training that many classes is slow and its confusion matrix unreadable.';
  const dialog = $('classes-dialog');
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'train'), { once: true }));
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
  } else $('compare-neuron').value = store.summary.compare ? store.summary.compare.name : '';
}

export async function classifyFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = guarded(() => store.lab.classifyCsv(bytes, readThreshold(), file.name));
  if (!result) return;
  const shown = { name: file.name, ...result };
  update({ predictions: shown });
  $('classify-empty').hidden = true;
  $('classify-body').hidden = false;
  $('classify-summary').textContent = classifySummary(shown);
  $('classify-evaluation').replaceChildren(...(result.evaluation ? [confusionBlock(file.name, result.evaluation)] : []));
  $('classify-errors').replaceChildren(...skippedItems(result));
  $('classify-table').replaceChildren(...predictionRows(result));
  showPanel('predictions');
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
