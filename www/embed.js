// In slides: `?embed=CHART` shows one chart filling the frame, with a compact bar
// (Step, Play, Reset, the status, a link to the whole lab); the rest of the state comes
// from the link's hash, as for any link. "Embed…" writes the <iframe> for the state shown.
import { $, excerpt } from './dom.js';
import { store, update } from './store.js';
import { showNotice } from './notify.js';
import { showPanel } from './panels.js';
import { showObjectiveView } from './surface.js';
import { updateUrl, linkCaveat } from './link.js';

// The charts a frame can show, as the embed dialog's menu names them.
export const EMBEDDABLE = {
  boundary: 'Decision boundary',
  activation: 'Activation (sigmoid) with the data',
  objective: 'Objective per step',
  surface: 'Objective surface',
  roc: 'ROC curve',
  confusion: 'Confusion matrix',
};

// The chart `?embed=` names, or null for the whole lab; a name not in the list is said
// (the whole lab is shown).
export function embeddedChart() {
  const params = new URLSearchParams(location.search);
  if (!params.has('embed')) return null;
  const chart = params.get('embed');
  if (Object.hasOwn(EMBEDDABLE, chart)) return chart;
  showNotice(`embed=${excerpt(chart)} is not a chart (expected one of ${Object.keys(EMBEDDABLE).join(', ')}): the whole lab is shown.`);
  return null;
}

// Lays the page out for `chart` alone, before the state is restored.
export function enterEmbed(chart) {
  update({ mode: 'embed' });
  document.body.classList.add('embed');
  document.body.dataset.embed = chart;
  // The link to the whole lab carries the state shown, however it is opened (a click,
  // a middle click, the context menu's new tab).
  for (const type of ['pointerdown', 'focus', 'contextmenu', 'click']) {
    $('embed-whole').addEventListener(type, () => {
      updateUrl();
      $('embed-whole').href = `${location.pathname}${location.hash}`;
    });
  }
}

// After the link's state is restored: the view the chart needs (the surface, the
// per-step curve, the confusion matrix's panel), whatever the link said.
export function showEmbedded(chart) {
  if (chart === 'surface' || chart === 'objective') showObjectiveView(chart === 'surface' ? 'surface' : 'steps');
  if (chart === 'confusion') showPanel('confusion');
}

// The <iframe> for the state shown, `chart` in a frame of `width` x `height`.
export function embedCode(chart, width, height) {
  updateUrl();
  const src = `${location.origin}${location.pathname}?embed=${chart}${location.hash}`;
  const attribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const title = `Neuron Lab: ${EMBEDDABLE[chart].toLowerCase()}`;
  return `<iframe src="${attribute(src)}" width="${width}" height="${height}" title="${attribute(title)}" style="border: 0"></iframe>`;
}

// The code, or why there is none: a link cannot carry an uploaded file, and a frame has
// no upload button, so it would show another data set.
function showCode() {
  const uploaded = store.source !== 'builtin';
  $('embed-copy').disabled = uploaded;
  if (uploaded) {
    $('embed-code').value = '';
    $('embed-caveat').textContent = 'A frame cannot show an uploaded file (a link cannot carry it, and a frame has no upload button): embed a built-in data set, or show the whole lab.';
    return;
  }
  $('embed-caveat').textContent = linkCaveat().trim();
  const [width, height] = $('embed-size').value.split('x');
  $('embed-code').value = embedCode($('embed-chart').value, width, height);
}

export function wireEmbedDialog() {
  $('embed-chart').replaceChildren(...Object.entries(EMBEDDABLE).map(([value, label]) => new Option(label, value)));
  $('embed-open').addEventListener('click', () => {
    // The chart the lecturer is looking at: the objective's view shown.
    if (store.objectiveView === 'surface' && $('embed-chart').value === 'objective') $('embed-chart').value = 'surface';
    // The ROC curve belongs to the neurons with one output.
    const roc = $('embed-chart').querySelector('option[value=roc]');
    roc.disabled = store.summary.multiclass;
    roc.textContent = store.summary.multiclass ? `${EMBEDDABLE.roc} (neurons with one output)` : EMBEDDABLE.roc;
    if (roc.disabled && roc.selected) $('embed-chart').value = 'boundary';
    $('embed-copied').textContent = '';
    showCode();
    $('embed-dialog').showModal();
  });
  $('embed-chart').addEventListener('change', showCode);
  $('embed-size').addEventListener('change', showCode);
  $('embed-copy').addEventListener('click', async () => {
    showCode();
    try {
      await navigator.clipboard.writeText($('embed-code').value);
      $('embed-copied').textContent = 'Copied: paste it into a slide.';
    } catch {
      $('embed-code').select();
      $('embed-copied').textContent = 'Selected: press Ctrl+C (⌘C) to copy it.';
    }
  });
}
