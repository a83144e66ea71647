// The settings fields: read and checked as typed, and shown as the lab runs them,
// so that a refused value never stays in a field.
import { $ } from './dom.js';

export function numberField(id, label, { integer = false, min = -Infinity, max = Infinity } = {}) {
  const text = $(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${label}: enter ${integer ? 'a whole number' : 'a number'}`);
  }
  if (value < min) throw new Error(`${label}: ${value} is below ${min}`);
  if (value > max) throw new Error(`${label}: ${value} is above ${max}`);
  return value;
}

// The derived features' toggles, by the names the link and the command line use.
export const FEATURE_TRANSFORMS = ['square', 'product', 'sin'];

export const readThreshold = () => numberField('threshold', 'Threshold', { min: 0, max: 1 });

// The train fraction as shown: four decimals (2/3 shows as 0.6667).
const shownFraction = (fraction) => Number(fraction.toFixed(4));

// The settings in the fields; `current` (the lab's) keeps a train fraction the field
// shows rounded, so that applying the settings unchanged leaves the split as it is.
export function readSettings(current) {
  const fraction = numberField('train-fraction', 'Train fraction');
  return {
    neuron: $('neuron').value,
    perceptron_rule: $('perceptron-rule').value,
    optimizer: $('optimizer').value,
    learning_rate: numberField('learning-rate', 'Learning rate'),
    adaptive: $('adaptive').checked,
    epsilon: numberField('epsilon', 'Epsilon'),
    max_iterations: numberField('max-iterations', 'Max iterations', { integer: true, min: 1 }),
    seed: numberField('seed', 'Seed', { integer: true, min: 0 }),
    train_fraction: current && fraction === shownFraction(current.train_fraction) ? current.train_fraction : fraction,
    standardize: $('standardize').checked,
    threshold: readThreshold(),
    l1: numberField('l1', 'L1 rate λ₁', { min: 0, max: 1000 }),
    l2: numberField('l2', 'L2 rate λ₂', { min: 0, max: 1000 }),
    epsilon_on: $('epsilon-on').value,
    batch_size: numberField('batch-size', 'Batch size B', { integer: true, min: 0, max: 1e9 }),
    features: { square: $('fx-square').checked, product: $('fx-product').checked, sin: $('fx-sin').checked },
  };
}

export function showSettings(s, catalogue) {
  $('neuron').value = s.neuron;
  $('perceptron-rule').value = s.perceptron_rule;
  $('optimizer').value = s.optimizer;
  $('learning-rate').value = s.learning_rate;
  $('adaptive').checked = s.adaptive;
  $('epsilon').value = s.epsilon;
  $('max-iterations').value = s.max_iterations;
  $('seed').value = s.seed;
  $('train-fraction').value = shownFraction(s.train_fraction);
  $('train-fraction-value').textContent = shownFraction(s.train_fraction);
  $('standardize').checked = s.standardize;
  $('l1').value = s.l1;
  $('l2').value = s.l2;
  $('epsilon-on').value = s.epsilon_on;
  $('batch-size').value = s.batch_size;
  for (const name of FEATURE_TRANSFORMS) $(`fx-${name}`).checked = Boolean(s.features?.[name]);
  const neuron = catalogue.neurons.find(({ name }) => name === s.neuron);
  $('neuron-description').textContent = neuron ? neuronDescription(neuron) : '';
}

// A neuron of the catalogue's table, described for its menu: "sigmoid, log-likelihood (ascent)".
export const neuronDescription = ({ name, description }) => description.replace(`${name}: `, '');
