// The panel beside the charts: one tab at a time. The comparison takes the whole
// stage (it has charts of its own); the others share the row with the ROC chart.
import { $ } from './dom.js';
import { store, update } from './store.js';
import { render } from './render.js';

const WHOLE_STAGE = new Set(['compare']);

export function showPanel(name) {
  if (!document.querySelector(`#panel-tabs [data-panel="${name}"]`)) return;
  const changed = store.panel !== name;
  update({ panel: name });
  for (const tab of document.querySelectorAll('#panel-tabs [role=tab]')) {
    const selected = tab.dataset.panel === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  const whole = WHOLE_STAGE.has(name);
  const layoutChanged = $('stage').classList.contains('whole') !== whole;
  $('stage').classList.toggle('whole', whole);
  // Canvases that just came into view (or changed size) are drawn now.
  if ((changed || layoutChanged) && store.summary) render();
}

export function wirePanels() {
  const tabs = $('panel-tabs');
  tabs.addEventListener('click', (event) => {
    const tab = event.target.closest('[role=tab]');
    if (tab) showPanel(tab.dataset.panel);
  });
  // Arrow keys move between tabs when a tab has the focus (the tablist pattern).
  tabs.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const all = [...tabs.querySelectorAll('[role=tab]:not([hidden])')];
    const at = all.findIndex((t) => t.dataset.panel === store.panel);
    const next = all[(at + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
    showPanel(next.dataset.panel);
    next.focus();
    event.preventDefault();
    event.stopPropagation();
  });
}
