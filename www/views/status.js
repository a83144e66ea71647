// The one-line status under the controls and the one-line summary in the header.
import { sig } from '../dom.js';

export const STOP_TEXT = {
  converged: 'converged: |Δ objective| < ε',
  'no-update': 'converged: the update is zero',
  'max-iterations': 'stopped at max iterations',
  diverged: 'diverged: lower the learning rate or use the adaptive rate',
};

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
    `${epoch}t = ${snapshot.iteration} · ${summary.objective}${penalty}: ${sig(snapshot.objective_train, 6)}${measured}${better}${dataTerm}` +
    ` · η = ${sig(snapshot.learning_rate)} · ‖∇‖ = ${sig(snapshot.gradient_norm)}${rejected}${edited}${stop}`
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
