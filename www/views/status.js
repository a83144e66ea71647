// The one-line status under the controls and the one-line summary in the header.
import { sig } from '../dom.js';

export const STOP_TEXT = {
  converged: 'converged: |Δ objective| < ε',
  'no-update': 'converged: the update is zero',
  'max-iterations': 'stopped at max iterations',
  diverged: 'diverged: lower the learning rate or use the adaptive rate',
  unsolvable: 'stopped: the Hessian could not be solved, even with a ridge',
};

// The step's size: eta, or Newton's step (the fraction taken, when halved) and its Hessian.
function stepText(summary, snapshot) {
  const n = snapshot.newton;
  if (!n) return summary.settings.optimizer === 'newton' ? "Newton's method" : `η = ${sig(snapshot.learning_rate)}`;
  const fraction = n.step_size === 1 ? 'full' : `× ${sig(n.step_size)}`;
  return `Newton step (${fraction}), H ${n.size}×${n.size}, cond ${sig(n.condition, 3)}${n.ridge === null ? '' : `, ridge ${sig(n.ridge, 2)}`}`;
}

export function statusText(summary, snapshot) {
  const s = summary.settings;
  const stopText = snapshot.stop === 'converged' ? `converged: |Δ ${s.epsilon_on} of the objective| < ε` : STOP_TEXT[snapshot.stop];
  const stop = snapshot.stop ? ` · ${stopText}` : '';
  const penalized = s.l1 > 0 || s.l2 > 0;
  const penalty = penalized ? ` ${summary.ascent ? '−' : '+'} penalty` : '';
  const dataTerm = penalized ? ` · data term ${sig(snapshot.data_train, 6)}` : '';
  const rejected = snapshot.accepted || snapshot.stop ? '' : ' · step rejected, η shrinks';
  const edited = snapshot.edited ? ' · edited by hand' : '';
  const better = summary.better ? ` (${summary.better} is better)` : '';
  const b = s.batch_size;
  const epoch = b > 0 && b < summary.train_rows ? `epoch ${snapshot.epoch}, step ` : '';
  const measured = epoch ? ' (full data, at the last epoch\'s end)' : '';
  return (
    `${epoch}t = ${snapshot.iteration}${derivedStatus(summary)} · ${summary.objective}${penalty}: ${sig(snapshot.objective_train, 6)}${measured}${better}${dataTerm}` +
    ` · ${stepText(summary, snapshot)} · ‖∇‖ = ${sig(snapshot.gradient_norm)}${rejected}${edited}${stop}`
  );
}

export function summaryText(s) {
  return (
    `${s.source}: ${s.rows} rows, ${s.features.length} features, target '${s.target}' ` +
    `(${s.classes.length > 6 ? `${s.classes.length} classes` : s.classes.join(', ')}); ${s.train_rows} training, ${s.validation_rows} validation rows. ` +
    `Neuron: ${s.neuron}, ${s.activation} activation, ${s.objective} (gradient ${s.ascent ? 'ascent' : 'descent'}).` +
    (s.constant_columns.length ? ` Constant columns: ${s.constant_columns.join(', ')}.` : '') +
    derivedText(s)
  );
}

// The derived columns the neuron gets beside the features (x1^2, x1*x2, sin(x1)).
const derivedNames = (s) => s.parameter_names.slice((s.settings.bias ? 1 : 0) + s.features.length);

// In the status: " · with x1*x2", or " · with 12 added features" when they are many.
function derivedStatus(s) {
  const derived = derivedNames(s);
  if (!derived.length) return '';
  return derived.length <= 3 ? ` · with ${derived.join(', ')}` : ` · with ${derived.length} added features`;
}

// In the header: " Added features (standardized too): x1*x2."
function derivedText(s) {
  const derived = derivedNames(s);
  if (!derived.length) return '';
  const shown = derived.length > 6 ? `${derived.slice(0, 6).join(', ')} and ${derived.length - 6} more` : derived.join(', ');
  return ` Added features (standardized too): ${shown}.`;
}
