// The link: one table of fields, read into the URL's hash and back. Each field
// says how to write its value and how to check one read from a link, as a typed
// value is checked; a bad value is left out and named.
import { excerpt } from './dom.js';

// Replaying a link never asks for more steps than this (a link is text anyone can write).
export const MAX_LINK_STEPS = 100000;

const integer = (min, max) => (text) => {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) throw new Error(`a whole number from ${min} to ${max}`);
  return v;
};
const number = (min, max, { open = false } = {}) => (text) => {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max || (open && v === min)) {
    throw new Error(`a number ${open ? 'above' : 'from'} ${min}${max < Infinity ? ` to ${max}` : ''}`);
  }
  return v;
};
const flag = (text) => {
  if (text !== '0' && text !== '1') throw new Error('0 or 1');
  return text === '1';
};
const oneOf = (names) => (text) => {
  if (!names().includes(text)) throw new Error(`one of ${names().join(', ')}`);
  return text;
};
const bit = (v) => (v ? '1' : '0');

// Derived features as a link writes them: "square,product" (none: left out).
const TRANSFORMS = ['square', 'product', 'sin'];
const transformsText = (features) => TRANSFORMS.filter((name) => features?.[name]).join(',') || undefined;
function parseTransforms(text) {
  const names = text.split(',').filter(Boolean);
  if (names.some((name) => !TRANSFORMS.includes(name)) || new Set(names).size !== names.length) {
    throw new Error(`some of ${TRANSFORMS.join(', ')}, comma-separated`);
  }
  return Object.fromEntries(TRANSFORMS.map((name) => [name, names.includes(name)]));
}

// Theta typed by hand on the way: "t:v,v,v;t:v,v,v", steps rising.
function parseEdits(text) {
  let last = 0;
  return text.split(';').filter(Boolean).map((part) => {
    const [at, values] = part.split(':');
    const t = integer(1, MAX_LINK_STEPS)(at ?? '');
    if (t <= last) throw new Error('steps that rise: t1:θ;t2:θ with t1 < t2');
    last = t;
    const theta = (values ?? '').split(',').map((v) => number(-1e300, 1e300)(v));
    return { t, theta };
  });
}

// The fields, in the order they appear in a link. `get` reads a picture of the
// page (see actions.picture()); `parse` checks a value read from a link.
export function fieldTable(catalogue) {
  const datasets = () => [...catalogue.datasets.map(([name]) => name), 'uploaded'];
  const neurons = () => catalogue.neurons.map(({ name }) => name);
  // Each neuron, and "name.gradient" / "name.newton" for those with Newton's method.
  const compared = () => catalogue.neurons.flatMap(({ name, newton }) => (newton ? [name, `${name}.gradient`, `${name}.newton`] : [name]));
  return [
    { key: 'data', get: (p) => p.data, parse: oneOf(datasets) },
    { key: 'points', get: (p) => p.points, parse: integer(catalogue.points.min, catalogue.points.max) },
    { key: 'noise', get: (p) => (p.noise === 1 ? undefined : p.noise), parse: number(0, 3) },
    { key: 'neuron', get: (p) => p.settings.neuron, parse: oneOf(neurons) },
    { key: 'rule', get: (p) => p.settings.perceptron_rule, parse: oneOf(() => ['perceptron', 'slide']) },
    { key: 'opt', get: (p) => (p.settings.optimizer === 'newton' ? 'newton' : undefined), parse: oneOf(() => ['gradient', 'newton']) },
    { key: 'lr', get: (p) => p.settings.learning_rate, parse: number(0, 1e6, { open: true }) },
    { key: 'adaptive', get: (p) => bit(p.settings.adaptive), parse: flag },
    { key: 'eps', get: (p) => p.settings.epsilon, parse: number(0, 1e6) },
    { key: 'max', get: (p) => p.settings.max_iterations, parse: integer(1, 1e9) },
    { key: 'seed', get: (p) => p.settings.seed, parse: integer(0, Number.MAX_SAFE_INTEGER) },
    { key: 'tf', get: (p) => p.settings.train_fraction, parse: number(0, 1, { open: true }) },
    { key: 'std', get: (p) => bit(p.settings.standardize), parse: flag },
    { key: 'l1', get: (p) => p.settings.l1 || undefined, parse: number(0, 1000) },
    { key: 'l2', get: (p) => p.settings.l2 || undefined, parse: number(0, 1000) },
    { key: 'batch', get: (p) => p.settings.batch_size || undefined, parse: integer(0, 1e9) },
    { key: 'epson', get: (p) => (p.settings.epsilon_on === 'mean' ? undefined : p.settings.epsilon_on), parse: oneOf(() => ['mean', 'sum']) },
    { key: 'fx', get: (p) => transformsText(p.settings.features), parse: parseTransforms },
    { key: 'thr', get: (p) => p.threshold, parse: number(0, 1) },
    { key: 'x', get: (p) => p.xFeature, parse: integer(0, 1e6) },
    { key: 'y', get: (p) => p.yFeature, parse: integer(-1, 1e6) },
    { key: 'out', get: (p) => (p.multi ? p.output : undefined), parse: integer(0, 1e6) },
    { key: 'compare', get: (p) => p.compare || undefined, parse: oneOf(compared) },
    { key: 'obj', get: (p) => (p.objectiveView === 'surface' ? 'surface' : undefined), parse: oneOf(() => ['steps', 'surface']) },
    { key: 'sx', get: (p) => (p.objectiveView === 'surface' ? p.surfaceX : undefined), parse: integer(0, 1e9) },
    { key: 'sy', get: (p) => (p.objectiveView === 'surface' ? p.surfaceY : undefined), parse: integer(0, 1e9) },
    { key: 'panel', get: (p) => (p.panel === 'confusion' ? undefined : p.panel), parse: oneOf(() => PANELS) },
    { key: 'step', get: (p) => p.step, parse: integer(0, MAX_LINK_STEPS) },
    { key: 'edits', get: (p) => (p.edits.length ? p.edits.map((e) => `${e.t}:${e.theta.join(',')}`).join(';') : undefined), parse: parseEdits },
  ];
}

export const PANELS = ['confusion', 'gradient', 'theta', 'steps', 'compare', 'data', 'predictions'];

// The hash for a picture of the page.
export function encode(fields, picture) {
  const params = new URLSearchParams();
  for (const field of fields) {
    const value = field.get(picture);
    if (value !== undefined && value !== null) params.set(field.key, String(value));
  }
  return `#${params}`;
}

// The checked values of a hash: { values: { key: value }, problems: ['lr: ...'] };
// null when the hash holds no state.
export function decode(fields, hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (!params.has('neuron')) return null;
  const values = {};
  const problems = [];
  for (const field of fields) {
    if (!params.has(field.key)) continue;
    const text = params.get(field.key);
    try {
      values[field.key] = field.parse(text);
    } catch (error) {
      problems.push(`${field.key}=${excerpt(text)} (expected ${error.message})`);
    }
  }
  return { values, problems };
}
