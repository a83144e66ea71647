// What is loaded: a new summary from the Lab shown in the header, the menus, the
// feature and output pickers and the data-set menu, then drawn.
import { $, el } from '../dom.js';
import { store, update } from '../store.js';
import { showNotice } from '../notify.js';
import { render, showNeuronControls } from '../render.js';
import { formulaNodes } from '../lecture.js';
import { formulaKey } from '../neurons.js';
import { showSettings } from '../settings-form.js';
import { summaryText } from '../views/status.js';
import { fillSurfacePickers } from '../surface.js';

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
  fillSurfacePickers();
  const modes = ['select', ...summary.classes.map((_, k) => `add:${k}`)];
  $('click-mode').replaceChildren(
    el('option', { value: 'select' }, 'select a row'),
    ...summary.classes.map((c, k) => el('option', { value: `add:${k}`, title: 'Shift-click removes the nearest point' }, `add class ${c}`)),
  );
  update({ clickMode: modes.includes(store.clickMode) ? store.clickMode : 'select' });
  $('click-mode').value = store.clickMode;
  $('compare-neuron').value = summary.compare_choice || '';
  const b = summary.settings.batch_size;
  $('batch-hint').hidden = !(b > 0 && b < summary.train_rows);
  const penalized = summary.settings.l1 > 0 || summary.settings.l2 > 0;
  const penalty = penalized ? [formulaNodes(summary.ascent ? 'penalty-ascent' : 'penalty-descent')] : [];
  $('gradient-formula').replaceChildren(formulaNodes(formulaKey(summary)), ...penalty);
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
export function showDataSource() {
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
  $('noise').disabled = store.source !== 'builtin';
  $('noise').value = store.noise;
  $('noise-value').textContent = store.noise;
}

