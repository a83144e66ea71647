// End-to-end: the objective surface, the objective chart's second view. It draws,
// follows the history slider, changes with its component menus, and its view and
// components survive a copied link. Screenshots go to target/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSuite, shots, kidCreative, settled } from './harness.mjs';

const suite = labSuite();

// The surface canvas's pixels, as a data URL: equal strings are equal drawings.
const pixels = (page) => page.evaluate(() => document.getElementById('surface-chart').toDataURL());

// How many of the surface canvas's pixels are not white.
const inked = (page) =>
  page.evaluate(() => {
    const canvas = document.getElementById('surface-chart');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) count++;
    return { count, of: canvas.width * canvas.height };
  });

async function showSurface(page) {
  await page.getByRole('button', { name: 'surface', exact: true }).click();
  await page.waitForFunction(() => !document.getElementById('surface-chart').hidden);
}

suite.test('the surface draws in place of the objective chart and follows the history slider', async ({ page }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await showSurface(page);
  assert.ok(await page.locator('#objective-chart').isHidden(), 'one view at a time');
  const { count, of } = await inked(page);
  assert.ok(count > of / 3, `the heatmap fills the plot: ${count} of ${of} pixels`);
  assert.equal(await page.getByRole('combobox', { name: 'Surface x component' }).inputValue(), '1');
  const options = await page.locator('#surface-x option').allTextContents();
  assert.deepEqual(options, ['θ bias', 'θ x1', 'θ x2'], 'named as θ\'s table names them');
  await page.screenshot({ path: `${shots}/surface-logistic.png` });
  const at20 = await pixels(page);
  await page.locator('#history').fill('5');
  await page.waitForFunction(() => window.neuronLab.step === 5);
  const at5 = await pixels(page);
  assert.notEqual(at5, at20, 'rewinding redraws the path and the surface');
  await page.locator('#history').fill('20');
  await page.waitForFunction(() => window.neuronLab.step === 20);
  assert.equal(await pixels(page), at20, 'forward again: the same drawing');
  // Back to the objective per step.
  await page.getByRole('button', { name: 'per step' }).click();
  assert.ok(await page.locator('#surface-chart').isHidden());
});

suite.test('the component menus change the surface and the choice survives a copied link', async ({ page, open }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await showSurface(page);
  const before = await pixels(page);
  await page.getByRole('combobox', { name: 'Surface x component' }).selectOption({ label: 'θ bias' });
  const after = await pixels(page);
  assert.notEqual(after, before, 'another component, another surface');
  // Choosing the other axis's component swaps the two.
  await page.getByRole('combobox', { name: 'Surface y component' }).selectOption({ label: 'θ bias' });
  assert.equal(await page.getByRole('combobox', { name: 'Surface x component' }).inputValue(), '2');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  assert.match(url, /obj=surface&sx=2&sy=0/);
  const drawn = await pixels(page);
  const { page: again } = await open(url);
  await again.waitForFunction(() => !window.neuronLab.running && window.neuronLab.step === 10);
  assert.ok(await again.locator('#surface-chart').isVisible(), 'the link opens the surface');
  assert.equal(await again.getByRole('combobox', { name: 'Surface x component' }).inputValue(), '2');
  assert.equal(await again.getByRole('combobox', { name: 'Surface y component' }).inputValue(), '0');
  assert.equal(await pixels(again), drawn, 'the same drawing');
});

suite.test('a link with components that do not exist says so and shows the first two features', async ({ page, open }) => {
  const base = page.url().split('#')[0];
  const { page: linked } = await open(`${base}#data=separable&neuron=logistic&obj=surface&sx=7&sy=1&step=3`);
  await linked.waitForFunction(() => !window.neuronLab.running && window.neuronLab.step === 3);
  assert.match(await linked.locator('#notice-text').textContent(), /sx=7/);
  assert.equal(await linked.getByRole('combobox', { name: 'Surface x component' }).inputValue(), '1');
  assert.equal(await linked.getByRole('combobox', { name: 'Surface y component' }).inputValue(), '2');
  assert.ok((await inked(linked)).count > 1000);
});

suite.test('the perceptron\'s surface shows its plateaus, also while playing', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await page.getByRole('combobox', { name: 'Neuron', exact: true }).selectOption('perceptron');
  await showSurface(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.neuronLab.step >= 30);
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.ok((await inked(page)).count > 1000);
  await page.locator('#objective-figure').screenshot({ path: `${shots}/surface-perceptron.png` });
});

suite.test('on KidCreative the menus offer its 17 components, and the surface saves as its own PNG', async ({ page }) => {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('Buy');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await showSurface(page);
  const options = await page.locator('#surface-x option').allTextContents();
  assert.equal(options.length, 17);
  assert.equal(options[0], 'θ bias');
  const x = await page.getByRole('combobox', { name: 'Surface x component' }).inputValue();
  assert.equal(x, '1', 'the first feature by default');
  await page.screenshot({ path: `${shots}/surface-kidcreative.png` });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Surface PNG' }).click()]);
  assert.equal(download.suggestedFilename(), 'objective-surface.png');
  const path = join(shots, 'objective-surface.png');
  await download.saveAs(path);
  assert.deepEqual([...readFileSync(path).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
});
