// The guided tour, in the lecture's order: each stop loads its data set and
// neuron, and the panel shows its paragraph and formula.
import { $ } from './dom.js';
import { store, update } from './store.js';
import { showPanel } from './panels.js';
import { TOUR, formulaNodes } from './lecture.js';
import { applySettings, loadBuiltin } from './actions/data.js';

function showStop(index) {
  update({ tourStop: index });
  const stop = TOUR[index];
  $('tab-tour').hidden = false;
  $('tour-title').textContent = `Tour ${index + 1}/${TOUR.length}: ${stop.title}`;
  $('tour-paragraph').textContent = stop.text;
  $('tour-formula').replaceChildren(formulaNodes(stop.formula));
  $('tour-back').disabled = index === 0;
  $('tour-next').disabled = index === TOUR.length - 1;
  showPanel('tour');
  $('points').value = store.catalogue.points.default;
  $('noise').value = 1;
  if (!loadBuiltin(stop.dataset)) return;
  $('neuron').value = stop.neuron;
  if (stop.rule) $('perceptron-rule').value = stop.rule;
  applySettings();
}

function close() {
  update({ tourStop: -1 });
  $('tab-tour').hidden = true;
  showPanel('confusion');
}

export function wireTour() {
  $('tour-start').addEventListener('click', () => showStop(0));
  $('tour-next').addEventListener('click', () => showStop(Math.min(TOUR.length - 1, store.tourStop + 1)));
  $('tour-back').addEventListener('click', () => showStop(Math.max(0, store.tourStop - 1)));
  $('tour-close').addEventListener('click', close);
}
