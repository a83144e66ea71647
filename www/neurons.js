// The key of the neuron's formula in lecture.js (the perceptron has two rules).
export const formulaKey = (summary) => (summary.neuron === 'perceptron' ? `perceptron-${summary.settings.perceptron_rule}` : summary.neuron);
