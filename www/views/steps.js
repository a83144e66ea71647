// The step table: every step's theta, gradient norm, eta and objectives. After
// a rewind the later steps stay listed, faded, so a click can go forward again.
import { el, sig } from '../dom.js';

const dash = (v, f) => (v === null || v === undefined ? '–' : f(v));

// rows = Lab.history(from, to); now = the current step.
export function stepRows(summary, rows, now) {
  const names = summary.parameter_names;
  const k = rows.length ? rows[0].outputs : 1;
  const thetaHeads = names.flatMap((n) => (k === 1 ? [`θ ${n}`] : summary.classes.map((c) => `θ ${n} [${c}]`)));
  const s = summary.settings;
  const penalized = s.l1 > 0 || s.l2 > 0;
  const head = [
    't', ...thetaHeads, '‖∇‖', 'η', `${summary.objective}${penalized ? ` ${summary.ascent ? '−' : '+'} penalty` : ''} (train)`,
    ...(penalized ? ['data term'] : []), '(validation)', s.epsilon_on === 'sum' ? 'change in the sum (vs ε)' : 'change in the mean (vs ε)', 'step',
  ];
  const body = rows.map((r) => {
    const kind = r.edited ? 'edited' : r.accepted ? 'accepted' : 'rejected';
    const classes = [r.iteration === now && 'current', r.iteration > now && 'ahead', kind === 'rejected' && 'rejected'].filter(Boolean);
    return el(
      'tr',
      { class: classes.join(' '), 'data-step': r.iteration },
      el('td', {}, el('button', { type: 'button', 'aria-label': `Rewind to step ${r.iteration}` }, String(r.iteration))),
      ...r.theta.map((v) => el('td', {}, sig(v))),
      el('td', {}, sig(r.gradient_norm)),
      el('td', {}, sig(r.learning_rate)),
      el('td', {}, sig(r.objective_train, 6)),
      ...(penalized ? [el('td', {}, sig(r.data_train, 6))] : []),
      el('td', {}, dash(r.objective_validation, (v) => sig(v, 6))),
      el('td', {}, dash(r.change_measured, sig)),
      el('td', {}, r.iteration > now ? `${kind} (ahead)` : kind),
    );
  });
  return [el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...body)];
}
