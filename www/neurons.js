// Which neurons have K outputs (one per class) rather than one.
const K_OUTPUTS = new Set(['multi-logistic', 'softmax']);

export const hasKOutputs = (neuron) => K_OUTPUTS.has(neuron);

// The key of the neuron's formula in lecture.js (the perceptron has two rules).
export const formulaKey = (summary) => (summary.neuron === 'perceptron' ? `perceptron-${summary.settings.perceptron_rule}` : summary.neuron);
