// The URL holds the whole state: written on every change (debounced), read once
// on opening. The fields and their checks are url-state.js's table.
import { $ } from './dom.js';
import { store, subscribe, update } from './store.js';
import { showNotice } from './notify.js';
import { render } from './render.js';
import { showPanel } from './panels.js';
import { fieldTable, encode, decode } from './url-state.js';
import { applySettings, loadBuiltin, setCompare, setView } from './actions/data.js';
import { replay } from './actions/training.js';
import { setSurfaceComponents, showObjectiveView } from './surface.js';
import { showSettings } from './settings-form.js';

let fields = null;
let timer = null;

// What the link is made from.
function picture() {
  const s = store.summary;
  return {
    data: store.source === 'builtin' ? store.dataset : 'uploaded',
    points: store.points,
    noise: store.noise,
    settings: { ...s.settings, threshold: store.threshold },
    threshold: store.threshold,
    xFeature: store.xFeature,
    yFeature: store.yFeature,
    multi: !$('output-label').hidden,
    output: store.output,
    compare: s.compare_choice || '',
    panel: store.panel,
    objectiveView: store.objectiveView,
    surfaceX: store.surfaceX,
    surfaceY: store.surfaceY,
    step: store.snapshot ? store.snapshot.iteration : 0,
    edits: store.lab.thetaEdits(),
  };
}

export function updateUrl() {
  if (!store.summary || !fields) return;
  history.replaceState(null, '', encode(fields, picture()));
}

// What a link cannot carry, said when it is copied.
export function linkCaveat() {
  if (store.source !== 'builtin') return ' It cannot carry the uploaded file: whoever opens it must upload the file again.';
  if (store.dataEdited) return ' It cannot carry the points added or removed by hand.';
  return '';
}

export function wireLink(catalogue) {
  fields = fieldTable(catalogue);
  subscribe((changed) => {
    if (changed.some((k) => ['snapshot', 'summary', 'threshold', 'xFeature', 'yFeature', 'output', 'panel', 'objectiveView', 'surfaceX', 'surfaceY'].includes(k))) {
      clearTimeout(timer);
      timer = setTimeout(updateUrl, 150);
    }
  });
}

// Restores the state in the URL's hash: false when there is none, else true or a
// promise that resolves once its steps are replayed (the page works meanwhile). Bad values
// are named and left out; the steps replayed are bounded (url-state.js) and
// replayed in chunks that Stop cancels.
export function restoreFromUrl() {
  const decoded = decode(fields, location.hash);
  if (!decoded) {
    // A hash that is not a link's state (it names no neuron) is said, not silently dropped.
    if (location.hash.length > 1) showNotice('This link\'s state was left out: it names no neuron (neuron=…), so the lab opens as it starts.');
    return false;
  }
  const { values: v, problems } = decoded;
  // The fields a link leaves out keep the lab's own values (the menus' first entries are not those).
  showSettings(store.summary.settings, store.catalogue);
  const set = (id, value) => value !== undefined && ($(id).value = value);
  set('points', v.points);
  set('neuron', v.neuron);
  set('perceptron-rule', v.rule);
  set('optimizer', v.opt);
  set('learning-rate', v.lr);
  set('epsilon', v.eps);
  set('max-iterations', v.max);
  set('seed', v.seed);
  set('train-fraction', v.tf);
  // A link leaves out the settings at their defaults.
  set('l1', v.l1 ?? 0);
  set('l2', v.l2 ?? 0);
  set('epsilon-on', v.epson ?? 'mean');
  set('batch-size', v.batch ?? 0);
  set('threshold', v.thr);
  if (v.adaptive !== undefined) $('adaptive').checked = v.adaptive;
  if (v.std !== undefined) $('standardize').checked = v.std;
  for (const [name, on] of Object.entries(v.fx || {})) $(`fx-${name}`).checked = on;
  const said = problems.length ? ` Left out of this link: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}.` : '';
  if (v.data === 'uploaded') update({ source: 'awaiting-upload' });
  // Settings first, on the data loaded now, then the data set: a multi-class neuron
  // works on any data, and the link's data set then keeps the link's neuron.
  applySettings();
  if (v.data === 'uploaded') {
    // The settings are restored; the steps need the file, which the link cannot carry.
    showNotice(`This link was made with an uploaded file, which a link cannot carry: upload it again, then step.${said}`);
    return true;
  }
  // The noise field after the settings were applied (which show the loaded set's).
  $('noise').value = v.noise ?? 1;
  if (!loadBuiltin(v.data || 'separable')) return true;
  if (v.compare) setCompare(v.compare);
  const view = {};
  if (v.x !== undefined && v.x < store.summary.features.length) view.xFeature = v.x;
  if (v.y !== undefined && v.y < store.summary.features.length) view.yFeature = v.y;
  if (v.out !== undefined && v.out < store.summary.classes.length) view.output = v.out;
  if (v.thr !== undefined) view.threshold = v.thr;
  setView(view);
  $('x-feature').value = store.xFeature;
  $('y-feature').value = store.yFeature;
  $('output-class').value = store.output;
  // The steps, and theta set by hand on the way, replayed in chunks (Stop cancels).
  const plan = [];
  let now = 0;
  for (const edit of v.edits || []) {
    plan.push({ steps: Math.max(0, edit.t - 1 - now), theta: edit.theta });
    now = edit.t;
  }
  if ((v.step || 0) > now) plan.push({ steps: v.step - now });
  if (v.panel) showPanel(v.panel);
  if (v.sx !== undefined || v.sy !== undefined) {
    if (!setSurfaceComponents(v.sx ?? store.surfaceX, v.sy ?? store.surfaceY)) showNotice(`Left out of this link: sx=${v.sx}, sy=${v.sy} (expected two different components of θ, from 0 to ${$('surface-x').options.length - 1}).`);
  }
  if (v.obj) showObjectiveView(v.obj);
  render();
  if (said) showNotice(said.trim());
  return replay(plan).then((complete) => {
    if (!complete) showNotice(`Replaying the link stopped at step ${store.lab.snapshot(0).iteration}.${said}`);
    return true;
  });
}
