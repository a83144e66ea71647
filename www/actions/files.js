// Files: one to train on, read in the worker (its preview, then its rows, with the
// progress bar and Cancel), and one to classify with the page's model.
import { $ } from '../dom.js';
import { store, update } from '../store.js';
import { clearError, guarded, showError, showNotice } from '../notify.js';
import { renderControls } from '../render.js';
import { showPanel } from '../panels.js';
import { readThreshold } from '../settings-form.js';
import { previewTable, targetOptions, dropBoxes } from '../views/preview.js';
import { predictionRows, skippedItems, classifySummary } from '../views/classify.js';
import { confusionBlock } from '../views/confusion.js';
import { stopAll } from './training.js';
import { loaded } from './loaded.js';
import * as background from '../background.js';
import { Rows } from '../pkg/neuron_lab.js';

// A target with more distinct values than this is asked about before training.
export const MANY_CLASSES = 20;

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
  return inBackground(file, (progress) => background.preview(file, progress), showPreview(file));
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
    // Taking a million rows in (32 MB at a time), training on them and drawing them
    // are separate tasks, with a frame between each.
    const rows = guarded(() => new Rows(read.rows));
    if (!rows) return;
    // Rows left unused (cancelled, replaced, refused) give their memory back at once.
    const unused = () => rows.free();
    for (let all = false; !all; ) {
      await new Promise(requestAnimationFrame);
      if (!current()) return unused();
      all = guarded(() => rows.take());
      if (all === undefined) return unused();
    }
    await new Promise(requestAnimationFrame);
    if (!current()) return unused();
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
  // The safe choice has the focus (set here: an autofocus attribute is refused, and
  // logged, in a frame from another origin).
  $('classes-cancel').focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'train'), { once: true }));
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
