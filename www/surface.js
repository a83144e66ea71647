// The objective chart's second view: the objective surface over two components of θ
// (drawn in Rust, Lab.drawSurface). The view switch, the two component menus
// (named as θ's table names them), and which view the PNG button saves.
import { $, el } from './dom.js';
import { store, update } from './store.js';
import { render } from './render.js';

// Shows the view `name` ('steps' or 'surface') and redraws.
export function showObjectiveView(name) {
  const surface = name === 'surface';
  update({ objectiveView: surface ? 'surface' : 'steps' });
  $('objective-chart').hidden = surface;
  $('surface-chart').hidden = !surface;
  for (const button of document.querySelectorAll('#objective-views [data-view]')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === store.objectiveView));
  }
  for (const label of document.querySelectorAll('#objective-views .surface-pick')) label.hidden = !surface;
  const png = $('objective-png');
  png.dataset.chart = surface ? 'surface' : 'objective';
  png.setAttribute('aria-label', surface ? 'Surface PNG' : 'Objective PNG');
  if (store.summary) render();
}

// Fills the component menus for what is loaded; keeps the chosen components while θ
// keeps its names, else shows the Lab's defaults (the first two features).
export function fillSurfacePickers() {
  const { names, x, y } = store.lab.surfaceComponents();
  const same = [...$('surface-x').options].map((o) => o.textContent).join('\u0000') === names.join('\u0000');
  if (!same) {
    for (const id of ['surface-x', 'surface-y']) $(id).replaceChildren(...names.map((name, c) => el('option', { value: c }, name)));
  }
  const valid = (c) => Number.isInteger(c) && c >= 0 && c < names.length;
  if (!same || !valid(store.surfaceX) || !valid(store.surfaceY) || store.surfaceX === store.surfaceY) {
    update({ surfaceX: x, surfaceY: y });
  }
  $('surface-x').value = store.surfaceX;
  $('surface-y').value = store.surfaceY;
}

// Components from the menus or a link: both must exist and differ (else refused, false).
export function setSurfaceComponents(x, y) {
  const count = $('surface-x').options.length;
  const valid = (c) => Number.isInteger(c) && c >= 0 && c < count;
  if (!valid(x) || !valid(y) || x === y) {
    $('surface-x').value = store.surfaceX;
    $('surface-y').value = store.surfaceY;
    return false;
  }
  update({ surfaceX: x, surfaceY: y });
  $('surface-x').value = x;
  $('surface-y').value = y;
  render();
  return true;
}

export function wireSurface() {
  $('objective-views').addEventListener('click', (event) => {
    const button = event.target.closest('[data-view]');
    if (button) showObjectiveView(button.dataset.view);
  });
  // Choosing the other axis's component swaps the two.
  $('surface-x').addEventListener('change', (e) => {
    const x = Number(e.target.value);
    setSurfaceComponents(x, x === store.surfaceY ? store.surfaceX : store.surfaceY);
  });
  $('surface-y').addEventListener('change', (e) => {
    const y = Number(e.target.value);
    setSurfaceComponents(y === store.surfaceX ? store.surfaceY : store.surfaceX, y);
  });
}
