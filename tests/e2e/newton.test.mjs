// End-to-end tests of Newton's method (issue 11, item 4): the Optimizer control, the
// gradient panel's Hessian, the comparison with gradient steps and the link's `opt`.
import assert from 'node:assert/strict';
import { labSuite, kidCreative, settled } from './harness.mjs';

const suite = labSuite();
const stepOf = async (page) => Number(/^t = (\d+)/.exec(await page.locator('#status').textContent())[1]);
const normOf = async (page) => Number(/‖∇‖ = ([-\d.e+]+)/.exec(await page.locator('#status').textContent())[1]);
const choose = (page, name, value) => page.getByRole('combobox', { name, exact: true }).selectOption(value);
const openPanel = (page, name) => page.getByRole('tab', { name, exact: true }).click();

async function typeSetting(page, name, value) {
  await page.getByRole('spinbutton', { name }).fill(value);
  await page.getByRole('spinbutton', { name }).dispatchEvent('change');
}

async function runToEnd(page) {
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => !window.neuronLab.running && window.neuronLab.lastRun, null, { timeout: 60000 });
}

// (The page's problems are checked by suite.test.)
suite.test('Newton on KidCreative (all rows) converges in a few steps where gradient ascent takes hundreds', async ({ page }) => {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await choose(page, 'Target column', 'Buy');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await page.getByRole('slider', { name: 'Train fraction' }).fill('1');
  await page.getByRole('slider', { name: 'Train fraction' }).dispatchEvent('change');
  await typeSetting(page, 'Epsilon ε', '1e-12');
  await runToEnd(page);
  const gradientSteps = await stepOf(page);

  await choose(page, 'Optimizer', 'newton');
  assert.equal(await stepOf(page), 0, 'a new optimizer restarts training');
  await runToEnd(page);
  const newtonSteps = await stepOf(page);
  // Native tests: the gradient norm is below 1e-8 by step 10, the change below 1e-12 at 11.
  assert.ok(newtonSteps <= 12, `Newton took ${newtonSteps} steps`);
  assert.ok(gradientSteps > 10 * newtonSteps, `gradient ascent ${gradientSteps} steps, Newton ${newtonSteps}`);
  assert.ok((await normOf(page)) < 1e-8, await page.locator('#status').textContent());
  assert.match(await page.locator('#status').textContent(), /Newton step \(full\), H 17×17, cond/);

  await openPanel(page, 'Gradient');
  const info = await page.locator('#gradient-hessian-info').textContent();
  assert.match(info, /17 × 17, condition number [\d.]+; no ridge needed/);
  assert.ok(await page.locator('#gradient-hessian').isHidden(), 'a 17 x 17 Hessian is not shown as a table');
});

suite.test('opt=newton and a Newton comparison survive a copied link; the Hessian shows as a table', async ({ page, open }) => {
  await choose(page, 'Built-in data set', 'overlapping');
  await choose(page, 'Optimizer', 'newton');
  await openPanel(page, 'Compare');
  await choose(page, 'Compare with', 'logistic.gradient');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const headings = await page.locator('#compare-table thead').textContent();
  assert.match(headings, /logistic \(Newton\).*logistic \(gradient steps\)/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  assert.match(url, /#.*neuron=logistic.*opt=newton.*compare=logistic.gradient/);
  const status = await page.locator('#status').textContent();

  const { page: again } = await open(url);
  await again.waitForFunction(() => !window.neuronLab.running);
  assert.equal(await again.getByRole('combobox', { name: 'Optimizer', exact: true }).inputValue(), 'newton');
  assert.equal(await again.getByRole('combobox', { name: 'Compare with', exact: true }).inputValue(), 'logistic.gradient');
  assert.equal(await again.locator('#status').textContent(), status);
  await openPanel(again, 'Gradient');
  assert.equal(await again.locator('#gradient-hessian tbody tr').count(), 3, 'bias, x1, x2');
  assert.match(await again.locator('#gradient-row-info').textContent(), /Newton's, no η/);

  // A link without `opt` is gradient steps.
  const { page: plain } = await open(url.replace('opt=newton&', ''));
  await plain.waitForFunction(() => !window.neuronLab.running);
  assert.equal(await plain.getByRole('combobox', { name: 'Optimizer', exact: true }).inputValue(), 'gradient');
});

suite.test('Newton for the perceptron is refused with a clear message, and the settings stay', { allowProblems: true }, async ({ page }) => {
  await choose(page, 'Optimizer', 'newton');
  await choose(page, 'Neuron', 'perceptron');
  await page.waitForFunction(() => /Newton's method is not offered for the perceptron/.test(document.getElementById('error').textContent), null, { timeout: 10000 });
  assert.equal(await page.getByRole('combobox', { name: 'Neuron', exact: true }).inputValue(), 'logistic');
});
