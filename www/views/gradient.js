// The gradient with the numbers: one clicked row's term, the batch gradient and
// the change the next step makes, as the slide writes them.
import { el, sig } from '../dom.js';

// The row's factor c as the neuron's formula writes it (or plainly, for a neuron
// without a formula in lecture.js).
const factorText = (r, formula) => (formula ? formula.factor(r, sig) : `c = ${r.factor.map((v) => sig(v, 6)).join(', ')}`);

// Newton's step: the curvature A = (1/N) XᵀWX behind it (the log-likelihood's Hessian
// is −A; cross-entropy's is A), as a table when small, else its size and condition.
function hessianView(summary, e) {
  const { info, hessian } = e.newton;
  const ridge = info.ridge === null ? 'no ridge needed' : `singular or ill-conditioned, so a ridge μ = ${sig(info.ridge)} was added to its diagonal`;
  const what = e.ascent ? 'A = (1/N) XᵀWX, W = diag(ŷ(1 − ŷ)) (the Hessian is −A)' : 'H = (1/N) Σ xᵢxᵢᵀ ⊗ (diag(ŷᵢ) − ŷᵢŷᵢᵀ), the K-class block Hessian';
  const hessianInfo = `Newton's step uses ${what}: ${info.size} × ${info.size}, condition number ${sig(info.condition)}; ${ridge}.${hessian ? '' : ' (Shown as a table up to 8 × 8.)'}`;
  if (!hessian) return { hessianInfo, hessian: null };
  const k = summary.multiclass ? summary.classes.length : 1;
  const names = Array.from({ length: info.size }, (_, p) => summary.parameter_names[Math.floor(p / k)] + (k > 1 ? ` [${summary.classes[p % k]}]` : ''));
  const head = el('tr', {}, el('th', { scope: 'col' }, e.ascent ? 'A' : 'H'), ...names.map((n) => el('th', { scope: 'col' }, n)));
  const rows = names.map((n, p) => el('tr', {}, el('th', { scope: 'row' }, n), ...names.map((_, q) => el('td', {}, sig(hessian[p * info.size + q], 4)))));
  return { hessianInfo, hessian: [el('thead', {}, head), el('tbody', {}, ...rows)] };
}

// e = Lab.explain(output); formula = FORMULAS[...] (its `factor` writes the row's factor).
export function gradientView(summary, e, formula) {
  const o = summary.multiclass ? ` [${summary.classes[e.output]}]` : '';
  const newton = e.newton ? hessianView(summary, e) : { hessianInfo: '', hessian: null };
  const step = e.newton ? `the next step (Newton's, no η): θ ← θ ${e.ascent ? '+ A⁻¹∇' : '− H⁻¹∇'}` : `the next step's η = ${sig(e.learning_rate, 6)}`;
  const direction = e.ascent ? 'ascent: θ ← θ + η∇' : 'descent: θ ← θ − η∇';
  let info;
  if (e.row) {
    const r = e.row;
    const y = r.y.length === 1 ? sig(r.y[0], 6) : summary.classes[r.y.indexOf(1)];
    info =
      `Row ${r.train_row + 1} of ${summary.train_rows} training rows: y = ${y}, z = ${r.z.map((v) => sig(v, 6)).join(', ')}, ` +
      `ŷ = ${r.y_hat.map((v) => sig(v, 6)).join(', ')}; ${factorText(r, formula)}. ` +
      `Gradient ${direction}; ${step}.`;
  } else {
    info =
      `Click a point in the activation or decision-boundary chart to see its term. Gradient ${direction}; ` +
      `${step}; ${e.mini_batch ? `over the next step's batch of ${e.rows} rows` : `over ${e.rows} training rows`}.`;
  }
  const head = [el('th', { scope: 'col' }, 'parameter')];
  if (e.row) head.push(el('th', { scope: 'col' }, 'x_ij'), el('th', { scope: 'col' }, `term x_ij·c${o}`));
  const penalized = summary.settings.l1 > 0 || summary.settings.l2 > 0;
  if (penalized) head.push(el('th', { scope: 'col' }, `penalty's part${o}`));
  head.push(el('th', { scope: 'col' }, `∇_j${o}`), el('th', { scope: 'col' }, `Δθ_j${o}`));
  const rows = summary.parameter_names.map((name, j) => {
    const cells = [el('th', { scope: 'row' }, name)];
    if (e.row) cells.push(el('td', {}, sig(e.row.x[j], 6)), el('td', {}, sig(e.row.term[j], 6)));
    if (penalized) cells.push(el('td', {}, sig(e.penalty[j], 6)));
    cells.push(el('td', {}, sig(e.gradient[j], 6)), el('td', {}, sig(e.delta[j], 6)));
    return el('tr', {}, ...cells);
  });
  return { info, table: [el('thead', {}, el('tr', {}, ...head)), el('tbody', {}, ...rows)], ...newton };
}
