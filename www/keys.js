// The keyboard: Space steps, P plays, R resets, arrows walk the history, 1-9 pick
// the neuron (in the table's order), letters open panels, V the projector view, ? the list.
// In a slide's frame (?embed=) and a projector window, the training keys and ? only.
//
// After a click with the mouse the keys go to the page: a clicked button, checkbox
// or slider gives up the focus, so Space steps instead of pressing it again. A
// control reached with Tab keeps its keys (Space toggles a checkbox there).
import { $ } from './dom.js';
import { store } from './store.js';
import { showPanel } from './panels.js';
import { step, togglePlay, reset, walk } from './actions/training.js';
import { applySettings } from './actions/data.js';
import { forwardKey } from './projector.js';

// What the training keys do; a projector window sends them to its lab window.
export const TRAINING = {
  step: () => step(1),
  play: togglePlay,
  reset,
  back: () => walk(-1),
  forward: () => walk(1),
};
const TRAINING_KEYS = { ' ': 'step', p: 'play', r: 'reset', ArrowLeft: 'back', ArrowRight: 'forward' };

const PANEL_KEYS = { m: 'confusion', g: 'gradient', t: 'theta', s: 'steps', c: 'compare', d: 'data', o: 'predictions' };

// Text fields, menus and dialogs keep their keys; a focused slider keeps its arrows;
// a focused button or checkbox (reached with Tab) keeps Space and Enter.
function keyBelongsToControl(target, key) {
  if (!target.matches) return false;
  if (target.matches('input[type=range]')) return key.startsWith('Arrow') || key === 'Home' || key === 'End';
  if (target.matches('button, input[type=checkbox], input[type=radio], a[href], [role=tab]')) return key === ' ' || key === 'Enter';
  return Boolean(target.closest('input, select, textarea, dialog'));
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key;
  if (keyBelongsToControl(event.target, key)) return;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  const whole = store.mode === 'lab';
  const training = TRAINING_KEYS[lower];
  if (training) {
    if (!(store.mode === 'projector' && forwardKey(training))) TRAINING[training]();
  } else if (whole && key >= '1' && key <= '9' && Number(key) <= store.catalogue.neurons.length) {
    $('neuron').value = store.catalogue.neurons[Number(key) - 1].name;
    applySettings();
  } else if (key === '?') $('keys-dialog').showModal();
  else if (whole && lower === 'v') toggleProjector();
  else if (whole && PANEL_KEYS[lower]) showPanel(PANEL_KEYS[lower]);
  else return;
  event.preventDefault();
}

export function toggleProjector() {
  const on = document.body.classList.toggle('projector');
  $('projector').setAttribute('aria-pressed', String(on));
  window.dispatchEvent(new Event('resize'));
}

// A control clicked with the mouse hands the keys back to the page. Text fields
// and menus keep the focus (one types or picks in them).
function releaseAfterMouse(event) {
  if (event.pointerType === '' || event.button !== 0) return;
  const control = event.target.closest && event.target.closest('button, label, input[type=checkbox], input[type=radio], input[type=range], [role=tab], a.button');
  if (!control) return;
  // After the click has done its work (a label's click reaches its checkbox first).
  setTimeout(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.matches('button, input[type=checkbox], input[type=radio], input[type=range], [role=tab]')) active.blur();
  }, 0);
}

export function wireKeys() {
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointerup', releaseAfterMouse, true);
  const neurons = store.catalogue.neurons.slice(0, 9);
  $('last-neuron-key').textContent = String(neurons.length);
  $('neuron-keys').textContent = neurons.map(({ name }) => name).join(', ');
  // A menu changed with the mouse gives the keys back to the page, so → walks the
  // history instead of changing the neuron.
  for (const select of document.querySelectorAll('select')) {
    select.addEventListener('change', () => select.blur());
  }
}
