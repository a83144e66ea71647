// End-to-end: the controls beyond the lecture's defaults (issue 11): the L1 and L2
// penalties, epsilon on the sum or the mean, the noise and train-fraction sliders.
// Each changes what it should, and each survives a copied link.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { labSuite, shots } from './harness.mjs';

const suite = labSuite();

const openPanel = (page, name) => page.getByRole('tab', { name, exact: true }).click();

// θ as the θ panel shows it (its table is built when the panel opens).
async function thetaText(page) {
  await openPanel(page, 'θ');
  return page.locator('#theta-table tbody').textContent();
}
const status = (page) => page.locator('#status').textContent();

// Types `value` into the field labelled `name` and lets the page apply it.
async function typeInto(page, name, value) {
  const field = page.getByRole('spinbutton', { name, exact: true });
  await field.fill(String(value));
  await field.dispatchEvent('change');
}

// Moves the slider labelled `name` to `value`, as a drag that is let go.
async function slide(page, name, value) {
  await page.getByRole('slider', { name, exact: true }).evaluate((input, v) => {
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, String(value));
}

// The training weights (every θ but the bias) of a binary neuron, from the θ table.
async function weights(page) {
  await openPanel(page, 'θ');
  const cells = await page.locator('#theta-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => Number(r.querySelector('td:nth-child(2)').textContent)));
  return cells.slice(1);
}

const norm = (values) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));

async function runToEnd(page) {
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => !window.neuronLab.running && window.neuronLab.step > 0, null, { timeout: 60000 });
}

suite.test('the L2 and L1 rates shrink theta, and the penalty shows in the status, the chart and the gradient', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await runToEnd(page);
  const plain = norm(await weights(page));
  assert.doesNotMatch(await status(page), /penalty/);
  await typeInto(page, 'L2 rate λ₂', 0.5);
  await runToEnd(page);
  const l2 = norm(await weights(page));
  assert.ok(l2 < 0.6 * plain, `L2: ${l2} against ${plain} without`);
  assert.match(await status(page), /log-likelihood − penalty: -?[\d.]+ \(higher is better\) · data term -?[\d.]+/);
  await openPanel(page, 'Gradient');
  assert.ok(await page.locator('#gradient-formula math').count() >= 5, 'the neuron\'s formula and the penalty\'s');
  assert.match(await page.locator('#gradient-table thead').textContent(), /penalty's part/);
  await page.screenshot({ path: join(shots, '40-l2-penalty.png') });
  await typeInto(page, 'L2 rate λ₂', 0);
  await typeInto(page, 'L1 rate λ₁', 0.3);
  await runToEnd(page);
  const l1 = norm(await weights(page));
  assert.ok(l1 < 0.8 * plain, `L1: ${l1} against ${plain} without`);
  // A refused rate names the field and keeps the one in use.
  await typeInto(page, 'L1 rate λ₁', -1);
  assert.match(await page.getByRole('alert').textContent(), /L1 rate λ₁: -1 is below 0/);
  assert.equal(await page.getByRole('spinbutton', { name: 'L1 rate λ₁' }).inputValue(), '0.3');
});

suite.test('epsilon on the sum stops later than on the mean, and the status and the step table say which', async ({ page }) => {
  await runToEnd(page);
  const mean = await page.evaluate(() => window.neuronLab.step);
  assert.match(await status(page), /converged: \|Δ mean of the objective\| < ε/);
  await page.getByRole('combobox', { name: 'Epsilon on' }).selectOption('sum');
  await runToEnd(page);
  const sum = await page.evaluate(() => window.neuronLab.step);
  assert.ok(sum > mean, `sum ${sum} steps, mean ${mean}`);
  assert.match(await status(page), /converged: \|Δ sum of the objective\| < ε/);
  await openPanel(page, 'Steps');
  assert.match(await page.locator('#steps-table thead').textContent(), /change in the sum \(vs ε\)/);
});

suite.test('the noise slider draws the built-in set anew from the seed: more noise, more overlap', async ({ page }) => {
  const accuracy = async () => {
    await openPanel(page, 'Confusion matrix');
    const corner = await page.getByRole('table', { name: 'Training confusion matrix' }).locator('td.corner').textContent();
    return Number(/accuracy\s*([\d.]+)/.exec(corner)[1]);
  };
  await runToEnd(page);
  assert.equal(await accuracy(), 1, 'the separable blobs, as designed');
  const designed = await thetaText(page);
  await slide(page, 'Noise', 3);
  assert.equal(await page.locator('#noise-value').textContent(), '3');
  await runToEnd(page);
  const noisy = await accuracy();
  assert.ok(noisy < 0.99, `three times the spread: the blobs overlap (training accuracy ${noisy})`);
  await page.screenshot({ path: join(shots, '42-noise-3.png') });
  await slide(page, 'Noise', 1);
  await runToEnd(page);
  assert.equal(await thetaText(page), designed, 'the same seed and noise draw the same set');
});

suite.test('the train-fraction slider splits the rows anew', async ({ page }) => {
  assert.match(await page.locator('#data-summary').textContent(), /134 training, 66 validation rows/);
  await slide(page, 'Train fraction', 0.5);
  assert.equal(await page.locator('#train-fraction-value').textContent(), '0.5');
  assert.match(await page.locator('#data-summary').textContent(), /100 training, 100 validation rows/);
});

suite.test('mini-batches count epochs and steps; the objective chart shows each batch and the epochs\' full objective', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  assert.equal(await page.locator('#batch-hint').isHidden(), true);
  await typeInto(page, 'Batch size B', 10);
  assert.equal(await page.locator('#batch-hint').isHidden(), false);
  const before = await page.locator('#objective-chart').screenshot();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step ×10' }).click();
  // 134 training rows in batches of 10: 14 steps an epoch.
  assert.match(await status(page), /^epoch 2, step t = 30 · log-likelihood: -?[\d.]+ \(full data, at the last epoch's end\)/);
  assert.notDeepEqual(await page.locator('#objective-chart').screenshot(), before);
  await openPanel(page, 'Gradient');
  assert.match(await page.locator('#gradient-row-info').textContent(), /over the next step's batch of 10 rows/);
  await page.screenshot({ path: join(shots, '43-mini-batches.png') });
  await typeInto(page, 'Batch size B', 134);
  assert.doesNotMatch(await status(page), /epoch/, 'B = N is the batch rule');
});

suite.test('every new setting survives a copied link', async ({ page, open }) => {
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await slide(page, 'Noise', 1.5);
  await slide(page, 'Train fraction', 0.8);
  await typeInto(page, 'L1 rate λ₁', 0.01);
  await typeInto(page, 'L2 rate λ₂', 0.2);
  await page.getByRole('combobox', { name: 'Epsilon on' }).selectOption('sum');
  await typeInto(page, 'Batch size B', 7);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  assert.match(url, /noise=1.5.*tf=0.8.*l1=0.01.*l2=0.2.*batch=7.*epson=sum/);
  const [theta, said] = [await thetaText(page), await status(page)];
  const { page: again } = await open(url);
  await again.waitForFunction(() => !window.neuronLab.running && window.neuronLab.step === 10);
  assert.equal(await status(again), said);
  assert.equal(await thetaText(again), theta);
  assert.equal(await again.getByRole('slider', { name: 'Noise' }).inputValue(), '1.5');
  assert.equal(await again.getByRole('combobox', { name: 'Epsilon on' }).inputValue(), 'sum');
  await again.screenshot({ path: join(shots, '41-settings-from-link.png') });
});
