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
  const stop = snapshot.stop ? ` · ${STOP_TEXT[snapshot.stop]}` : '';
  const rejected = snapshot.accepted || snapshot.stop ? '' : ' · step rejected, η shrinks';
  const edited = snapshot.edited ? ' · edited by hand' : '';
  const better = summary.better ? ` (${summary.better} is better)` : '';
  return (
    `t = ${snapshot.iteration} · ${summary.objective}: ${sig(snapshot.objective_train, 6)}${better}` +
    ` · ${stepText(summary, snapshot)} · ‖∇‖ = ${sig(snapshot.gradient_norm)}${rejected}${edited}${stop}`
  );
}

export function summaryText(s) {
  return (
    `${s.source}: ${s.rows} rows, ${s.features.length} features, target '${s.target}' ` +
    `(${s.classes.length > 6 ? `${s.classes.length} classes` : s.classes.join(', ')}); ${s.train_rows} training, ${s.validation_rows} validation rows. ` +
    `Neuron: ${s.neuron}, ${s.activation} activation, ${s.objective} (gradient ${s.ascent ? 'ascent' : 'descent'}).` +
    (s.constant_columns.length ? ` Constant columns: ${s.constant_columns.join(', ')}.` : '')
  );
}
