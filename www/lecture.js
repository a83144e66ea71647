// The lecture's words and formulas, as the slides write them (MathML, which
// Chromium and Firefox render natively). Text only: the numbers come from Rust.

const mi = (x) => `<mi>${x}</mi>`;
const mn = (x) => `<mn>${x}</mn>`;
const mo = (x) => `<mo>${x}</mo>`;
const row = (...xs) => `<mrow>${xs.join('')}</mrow>`;
const frac = (a, b) => `<mfrac>${row(a)}${row(b)}</mfrac>`;
const sub = (a, b) => `<msub>${row(a)}${row(b)}</msub>`;
const sup = (a, b) => `<msup>${row(a)}${row(b)}</msup>`;
const subsup = (a, b, c) => `<msubsup>${row(a)}${row(b)}${row(c)}</msubsup>`;
const hat = (a) => `<mover accent="true">${row(a)}<mo>^</mo></mover>`;
const paren = (...xs) => row(mo('('), ...xs, mo(')'));
const bracket = (...xs) => row(mo('['), ...xs, mo(']'));
const math = (...lines) => lines.map((l) => `<math display="block">${l}</math>`).join('');

const N = mi('N');
const theta = mi('θ');
const Theta = mi('Θ');
const eta = mi('η');
const nabla = mo('∇');
const yi = sub(mi('y'), mi('i'));
const yhi = sub(hat(mi('y')), mi('i'));
const xiT = subsup(mi('x'), mi('i'), mi('T'));
const xi = sub(mi('x'), mi('i'));
const sumI = `<munderover>${mo('∑')}${row(mi('i'), mo('='), mn(1))}${N}</munderover>`;
const sumK = `<munderover>${mo('∑')}${row(mi('k'), mo('='), mn(1))}${mi('K')}</munderover>`;
const overN = frac(mn(1), N);
const yik = sub(mi('y'), row(mi('i'), mi('k')));
const yhik = sub(hat(mi('y')), row(mi('i'), mi('k')));
const ln = mi('ln');

const squaredError = row(mi('J'), paren(theta), mo('='), overN, sumI, sup(paren(yi, mo('−'), yhi), mn(2)));
const logLikelihood = row(
  mi('ℓ'), paren(theta), mo('='), overN, sumI,
  bracket(yi, ln, yhi, mo('+'), paren(mn(1), mo('−'), yi), ln, paren(mn(1), mo('−'), yhi)),
);

const yhatDef = {
  linear: row(yhi, mo('='), xi, theta),
  step: row(yhi, mo('='), mn(1), mtext('\u00a0if\u00a0'), xi, theta, mo('>'), mn(0), mo(','), mtext('\u00a0else\u00a0'), mn(0)),
  sigmoid: row(yhi, mo('='), mi('σ'), paren(xi, theta), mo('='), frac(mn(1), row(mn(1), mo('+'), sup(mi('e'), row(mo('−'), xi, theta))))),
};
const descent = (J) => row(theta, mo('←'), theta, mo('−'), eta, nabla, J);
const note = (text) => `<p class="formula-note">${text}</p>`;

export const FORMULAS = {
  linear: {
    math: math(
      yhatDef.linear,
      squaredError,
      row(nabla, mi('J'), mo('='), mo('−'), frac(mn(2), N), sumI, xiT, paren(yi, mo('−'), yhi), mo(','), mspace(), descent(mi('J'))),
    ) + note('Descent; a row is called positive when ŷ ≥ the threshold.'),
    factor: (r, f) => `c = −2 (y − ŷ) = −2 (${f(r.y[0], 6)} − ${f(r.y_hat[0], 6)}) = ${f(r.factor[0], 6)}`,
  },
  'perceptron-perceptron': {
    math: math(
      yhatDef.step,
      squaredError,
      row(theta, mo('←'), theta, mo('+'), eta, overN, sumI, xiT, paren(yi, mo('−'), yhi)),
    ) + note('The perceptron rule: descent on ∇ = −(1/N) Σ xᵢᵀ(yᵢ − ŷᵢ). The squared error is reported; it is flat between jumps.'),
    factor: (r, f) => `c = −(y − ŷ) = −(${f(r.y[0], 6)} − ${f(r.y_hat[0], 6)}) = ${f(r.factor[0], 6)}`,
  },
  'perceptron-slide': {
    math: math(
      yhatDef.step,
      squaredError,
      row(nabla, mi('J'), mo('='), mo('−'), frac(mn(2), N), `<munder>${mo('∑')}${row(xi, theta, mo('>'), mn(0))}</munder>`, xiT, paren(yi, mo('−'), yhi), mo(','), mspace(), descent(mi('J'))),
    ) + note('The slide\'s gradient: zero where xᵢθ ≤ 0, so it only corrects false positives.'),
    factor: (r, f) => `c = −2 (y − ŷ)·[z > 0] = −2 (${f(r.y[0], 6)} − ${f(r.y_hat[0], 6)})·${r.active ? 1 : 0} = ${f(r.factor[0], 6)}`,
  },
  'logistic-se': {
    math: math(
      yhatDef.sigmoid,
      squaredError,
      row(nabla, mi('J'), mo('='), mo('−'), frac(mn(2), N), sumI, xiT, yhi, paren(mn(1), mo('−'), yhi), paren(yi, mo('−'), yhi), mo(','), mspace(), descent(mi('J'))),
    ),
    factor: (r, f) =>
      `c = −2 ŷ(1 − ŷ)(y − ŷ) = −2·${f(r.y_hat[0], 6)}·(1 − ${f(r.y_hat[0], 6)})·(${f(r.y[0], 6)} − ${f(r.y_hat[0], 6)}) = ${f(r.factor[0], 6)}`,
  },
  logistic: {
    math: math(
      yhatDef.sigmoid,
      logLikelihood,
      row(nabla, mi('ℓ'), mo('='), overN, sumI, xiT, paren(yi, mo('−'), yhi), mo(','), mspace(), theta, mo('←'), theta, mo('+'), eta, nabla, mi('ℓ')),
    ) + note('Gradient ascent on the log-likelihood.'),
    factor: (r, f) => `c = y − ŷ = ${f(r.y[0], 6)} − ${f(r.y_hat[0], 6)} = ${f(r.factor[0], 6)}`,
  },
  'multi-logistic': {
    math: math(
      row(yhik, mo('='), mi('σ'), paren(xi, sub(Theta, mi('k')))),
      row(mi('ℓ'), paren(Theta), mo('='), overN, sumI, sumK,
        bracket(yik, ln, yhik, mo('+'), paren(mn(1), mo('−'), yik), ln, paren(mn(1), mo('−'), yhik))),
      row(nabla, mi('ℓ'), mo('='), overN, sumI, xiT, paren(yi, mo('−'), yhi), mo(','), mspace(), Theta, mo('←'), Theta, mo('+'), eta, nabla, mi('ℓ')),
    ) + note('Θ is D × K, Y one-hot; ascent; predict the class with the largest output.'),
    factor: (r, f) => `c_k = y_k − ŷ_k = (${r.factor.map((c) => f(c, 6)).join(', ')})`,
  },
  softmax: {
    math: math(
      row(yhik, mo('='), frac(sup(mi('e'), sub(mi('z'), row(mi('i'), mi('k')))), row(`<munder>${mo('∑')}${mi('j')}</munder>`, sup(mi('e'), sub(mi('z'), row(mi('i'), mi('j'))))))),
      row(mi('J'), paren(Theta), mo('='), mo('−'), overN, sumI, sumK, yik, ln, yhik),
      row(nabla, mi('J'), mo('='), overN, sumI, xiT, paren(yhi, mo('−'), yi), mo(','), mspace(), Theta, mo('←'), Theta, mo('−'), eta, nabla, mi('J')),
    ) + note('Cross-entropy, descent; the probabilities sum to one.'),
    factor: (r, f) => `c_k = ŷ_k − y_k = (${r.factor.map((c) => f(c, 6)).join(', ')})`,
  },
};

// The penalty, added to any neuron's objective: against the goal, never on the bias θ₀.
const sumJ = `<munderover>${mo('∑')}${row(mi('j'), mo('='), mn(1))}${mi('D')}</munderover>`;
const thetaJ = sub(theta, mi('j'));
const penaltyTerm = row(sub(mi('λ'), mn(1)), sumJ, mo('|'), thetaJ, mo('|'), mo('+'), sub(mi('λ'), mn(2)), sumJ, sup(thetaJ, mn(2)));
const penaltyGradient = row(sub(mi('λ'), mn(1)), mi('sign'), paren(thetaJ), mo('+'), mn(2), sub(mi('λ'), mn(2)), thetaJ);
for (const [key, O, sign, minus] of [['penalty-ascent', mi('ℓ'), '−', '−'], ['penalty-descent', mi('J'), '+', '+']]) {
  FORMULAS[key] = {
    math: math(
      row(sub(O, mi('λ')), paren(theta), mo('='), O, paren(theta), mo(sign), penaltyTerm),
      row(frac(row(mo('∂'), sub(O, mi('λ'))), row(mo('∂'), thetaJ)), mo('='), frac(row(mo('∂'), O), row(mo('∂'), thetaJ)), mo(minus), paren(penaltyGradient)),
    ) + note('Regularization: the bias θ₀ is never penalized; sign(0) = 0 (a subgradient of |θⱼ|).'),
  };
}

function mspace() {
  return '<mspace width="1.2em"></mspace>';
}

function mtext(text) {
  return `<mtext>${text}</mtext>`;
}

// The guided tour, in the lecture's order.
export const TOUR = [
  {
    title: 'The perceptron',
    dataset: 'separable',
    neuron: 'perceptron',
    rule: 'perceptron',
    formula: 'perceptron-perceptron',
    text:
      'One neuron with a step activation: it says 1 when x θ > 0. Its squared error is flat between jumps, so the ' +
      'slide\'s gradient only moves θ for false positives; the perceptron rule adds η (y − ŷ) x for every mistake and ' +
      'stops when nothing is misclassified. Step it and watch the boundary swing until the two blobs are apart.',
  },
  {
    title: 'Logistic neuron, squared error',
    dataset: 'overlapping',
    neuron: 'logistic-se',
    formula: 'logistic-se',
    text:
      'Replace the step by the sigmoid and ŷ becomes a probability. With squared error the gradient carries ' +
      'ŷ(1 − ŷ): rows the neuron is confidently wrong about barely push, so learning is slow. Watch the objective curve.',
  },
  {
    title: 'Logistic neuron, log-likelihood',
    dataset: 'overlapping',
    neuron: 'logistic',
    formula: 'logistic',
    text:
      'Maximise the log-likelihood instead: the gradient is simply (1/N) Xᵀ(Y − Ŷ) and we climb it (gradient ascent). ' +
      'Click a point to see its term x (y − ŷ); the adaptive learning rate grows while steps improve.',
  },
  {
    title: 'More than two classes: K logistic outputs',
    dataset: 'blobs4',
    neuron: 'multi-logistic',
    formula: 'multi-logistic',
    text:
      'One sigmoid per class, each trained as "this class against the rest"; predict the class whose output is largest. ' +
      'The outputs need not sum to one. Pick an output class under the activation chart.',
  },
  {
    title: 'Softmax with cross-entropy',
    dataset: 'blobs3',
    neuron: 'softmax',
    formula: 'softmax',
    text:
      'Softmax turns K scores into probabilities that sum to one; minimise the cross-entropy by descent. Its gradient ' +
      'has the same shape as the logistic one: (1/N) Xᵀ(Ŷ − Y).',
  },
];

// The formula `key` as nodes. The markup is this file's own constants, never data.
const parsed = new Map();
export function formulaNodes(key) {
  // A neuron of the table without a formula here yet shows none (its numbers still show).
  if (!FORMULAS[key]) return document.createDocumentFragment();
  if (!parsed.has(key)) {
    const template = document.createElement('template');
    template.innerHTML = FORMULAS[key].math;
    parsed.set(key, template.content);
  }
  return parsed.get(key).cloneNode(true);
}
