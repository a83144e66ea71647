// Two screens: "Projector window" opens a second window (?projector=ID) that shows the
// charts, the confusion matrix and the status only, large, and follows this one. Both
// talk on a BroadcastChannel (same origin, nothing over the network):
//   lab window -> projector: 'sync' (the main neuron's steps it lacks: Lab.mirror, and
//                             what the charts show), 'rows' (the rows, when new to it),
//                             'closed', 'ready' (reloaded: its projector windows follow again)
//   projector -> lab window: 'hello' (all steps, please), 'need-rows', 'resync', 'key',
//                             'closed'
// The projector's Lab takes the lab window's steps (Lab.follow): it computes none of
// them, and shows them bit for bit. Keys pressed in the projector window act in the lab
// window; once that closes, the projector keeps its state and its keys act on it.
import { $, excerpt } from './dom.js';
import { store, subscribe, update } from './store.js';
import { guarded, showError, showNotice } from './notify.js';
import { render } from './render.js';
import { loaded } from './actions/loaded.js';
import { showObjectiveView } from './surface.js';

const CHANNEL = 'neuron-lab-projector';
// What the charts show besides the Lab's state, sent with every sync (playing and
// running: the surface's coarse grid while steps come, its fine one when they stop).
export const VIEW = ['threshold', 'xFeature', 'yFeature', 'output', 'rocPart', 'objectiveView', 'surfaceX', 'surfaceY', 'playing', 'running'];
// The store's fields whose change the projector must see.
const WATCHED = ['snapshot', 'summary', ...VIEW];

// ---------- the lab window ----------

let channel = null;
// This lab window's name on the channel, and what the projector windows have: the rows
// (by id), the main neuron's steps as of its revision (Lab.mirror), and how many.
const ID_KEY = 'neuron-lab-window';
const labId = storedId() || Math.random().toString(36).slice(2, 10);

// The name this tab's lab window had before a reload (sessionStorage lives as long as the
// tab), so that its projector windows follow it again; kept for the next reload.
function storedId() {
  try {
    return sessionStorage.getItem(ID_KEY);
  } catch {
    return null; // storage refused (a sandboxed frame): a projector window then ends with its lab window
  }
}

function storeId() {
  try {
    sessionStorage.setItem(ID_KEY, labId);
  } catch {
    // as above
  }
}
let shared = { rows: null, revision: null, steps: 0 };
// The last syncs' times here (ms): what a projector window costs this window.
const syncTimes = [];
export const projectorSyncTimes = () => [...syncTimes];
let pending = false;
let keyActions = {};
// The projector windows that listen (from their hello to their 'closed'), and when one last said hello.
const listening = new Set();
let answered = 0;

// Opens a projector window for this window. `actions` are what the keys pressed there
// do here: { step, play, reset, back, forward }. Opened without a reference back
// (noopener): the browser may give it a process of its own, so that it draws while this
// window steps.
export function openProjectorWindow(actions) {
  keyActions = actions;
  lead();
  storeId();
  const asked = performance.now();
  window.open(`${location.pathname}?projector=${labId}`, `neuron-lab-projector-${labId}`, 'popup,noopener,width=1280,height=720');
  showNotice('Projector window opened: drag it to the projector and make it full screen (F11). It follows this window.');
  setTimeout(() => {
    if (!(answered > asked)) showNotice('No projector window answered: if the browser blocked the pop-up, allow pop-ups for this page, then press "Projector window" again.');
  }, 5000);
}

function lead() {
  if (channel) return;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = ({ data }) => {
    if (data.lab !== labId || data.from !== 'projector') return;
    if (data.kind === 'hello' || data.kind === 'resync') {
      listening.add(data.projector);
      answered = performance.now();
      shared = { rows: null, revision: null, steps: 0 };
      sync();
    } else if (data.kind === 'closed') listening.delete(data.projector);
    else if (data.kind === 'need-rows') sendRows();
    else if (data.kind === 'key' && Object.hasOwn(keyActions, data.action) && !busyHere()) keyActions[data.action]();
  };
  subscribe((changed) => {
    if (!pending && changed.some((field) => WATCHED.includes(field))) {
      pending = true;
      // Once per burst of changes (a frame's), after they are all made.
      queueMicrotask(() => {
        pending = false;
        sync();
      });
    }
  });
  window.addEventListener('pagehide', () => post({ kind: 'closed' }));
}

// A lab window reloaded in a tab that had projector windows tells them it is back.
export function announceLab(actions) {
  if (storedId() !== labId) return;
  keyActions = actions;
  lead();
  post({ kind: 'ready' });
}

const now = () => performance.timeOrigin + performance.now();
const post = (message) => channel.postMessage({ ...message, lab: labId, from: 'lab', posted: now() });

function view() {
  return Object.fromEntries(VIEW.map((field) => [field, store[field]]));
}

// A key from the projector window waits while this window has a dialog open or theta
// being typed (its keys would not act here either).
const busyHere = () => store.editingTheta || Boolean(document.querySelector('dialog[open]'));

// The steps the projector windows lack (all of them after new rows, or when steps they
// have were replaced: the revision changed), and the view.
function sync() {
  const lab = store.lab;
  if (!listening.size || !lab || !store.summary) return;
  const start = performance.now();
  let mirror = guarded(() => lab.mirror(shared.steps));
  if (!mirror) return;
  if (String(mirror.rows) !== shared.rows || mirror.revision !== shared.revision) mirror = lab.mirror(0);
  post({ kind: 'sync', mirror, view: view(), selected: lab.selected() ?? null });
  shared = { rows: String(mirror.rows), revision: mirror.revision, steps: mirror.from + mirror.states.length };
  syncTimes.push(performance.now() - start);
  if (syncTimes.length > 300) syncTimes.shift();
}

// The rows, with every step (the projector puts them together with them).
function sendRows() {
  const lab = store.lab;
  const parts = guarded(() => lab.rowsParts());
  const mirror = guarded(() => lab.mirror(0));
  if (!parts || !mirror) return;
  post({ kind: 'rows', parts, mirror, view: view(), selected: lab.selected() ?? null });
  shared = { rows: String(mirror.rows), revision: mirror.revision, steps: mirror.states.length };
}

// ---------- the projector window ----------

// The lab window this page follows (?projector=ID), or null for a lab window (also when
// the ID is not one a lab window gives: said, and the whole lab shown).
export function followedLab() {
  const params = new URLSearchParams(location.search);
  if (!params.has('projector')) return null;
  const id = params.get('projector');
  if (/^[a-z0-9]{1,16}$/.test(id)) return id;
  showNotice(`projector=${excerpt(id)} is not a lab window's name (open the projector window with the lab's "Projector window" button): the whole lab is shown.`);
  return null;
}

// { lab, id: this window's, channel, rows: the rows' id taken, asked: the rows' id asked
// for, resynced: all steps asked for since the last sync taken, open: the lab window }
let following = null;
// The last drawn syncs' times (ms): from the lab window's message to its arrival here
// (wait), and from there to this window's charts drawn (work: the sync taken, then the
// charts drawn at the next animation frame).
const lags = [];
export const projectorLags = () => [...lags];

// Lays the page out as the projector window and asks the lab window for its steps.
export function followLabWindow(lab) {
  update({ mode: 'projector', panel: 'confusion' });
  document.body.classList.add('projector-window', 'large');
  update({ large: true });
  following = { lab, id: Math.random().toString(36).slice(2, 10), channel: new BroadcastChannel(CHANNEL), rows: null, asked: null, resynced: false, open: true };
  following.channel.onmessage = ({ data }) => {
    if (data.lab !== lab || data.from !== 'lab') return;
    if (data.kind === 'rows') takeRows(data);
    else if (data.kind === 'sync') takeSync(data);
    else if (data.kind === 'closed') labClosed();
    else if (data.kind === 'ready') labBack();
  };
  ask('hello');
  window.addEventListener('pagehide', () => ask('closed'));
  $('status').textContent = 'Waiting for the lab window…';
  setTimeout(() => {
    if (!following.rows && !following.asked) $('status').textContent = 'No lab window answered: it was closed or reloaded. Open the projector window again with the lab\'s "Projector window" button.';
  }, 3000);
}

const ask = (kind, more = {}) => following.channel.postMessage({ ...more, kind, lab: following.lab, projector: following.id, from: 'projector' });

function takeRows({ parts, mirror, view, selected, posted }) {
  const received = now();
  following.asked = null;
  let summary;
  try {
    summary = store.lab.follow(mirror, parts);
  } catch (error) {
    $('status').textContent = `The lab window's data could not be shown here: ${error.message}`;
    return;
  }
  following.rows = String(mirror.rows);
  show(summary, view, selected, { posted, received });
}

function takeSync({ mirror, view, selected, posted }) {
  const received = now();
  following.open = true;
  if (String(mirror.rows) !== following.rows) {
    // New rows: asked for once; the syncs until they come are left (the rows bring all steps).
    if (following.asked !== String(mirror.rows)) {
      following.asked = String(mirror.rows);
      ask('need-rows');
    }
    return;
  }
  let summary;
  try {
    summary = store.lab.follow(mirror, null);
  } catch (error) {
    // Steps that do not follow from those here: all of them, once; a second refusal is shown.
    if (following.resynced) showError(error);
    else ask('resync');
    following.resynced = true;
    return;
  }
  following.resynced = false;
  show(summary, view, selected, { posted, received });
}

// Shows a summary, the view and the selected row the lab window shows: the state at
// once, the charts at the next animation frame (messages that arrive meanwhile are drawn
// together, so a window that fell behind catches up rather than drawing each step late).
let drawing = null;

function show(summary, view, selected, times) {
  if (JSON.stringify(summary) !== JSON.stringify(store.summary)) loaded(summary);
  store.lab.select(selected ?? undefined);
  if (view.objectiveView !== store.objectiveView) showObjectiveView(view.objectiveView);
  update(view);
  if (drawing) {
    drawing.times = times;
    return;
  }
  drawing = { times };
  requestAnimationFrame(() => {
    const { posted, received } = drawing.times;
    drawing = null;
    render();
    lags.push({ wait: received - posted, work: now() - received });
    if (lags.length > 200) lags.shift();
  });
}

function labClosed() {
  following.open = false;
  update({ playing: false, running: false });
  showNotice('The lab window has closed: this window keeps its last state, and its keys (Space, P, R, ← →) now act here.');
}

function labBack() {
  following.open = true;
  following.resynced = false;
  ask('hello');
  showNotice('The lab window is back: this window follows it again.');
}

// A key pressed in the projector window: sent to the lab window while it is open
// (true), else left to act here (false).
export function forwardKey(action) {
  if (!following || !following.open) return false;
  ask('key', { action });
  return true;
}
