// End-to-end tests of the feature transforms (issue 11, item 1): the toggles that add
// x², x₁x₂ and sin x before standardizing, in the page and in its link.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSuite, shots, settled } from './harness.mjs';

const suite = labSuite();
const thetaText = (page) => page.locator('#theta-table tbody').textContent();
const openPanel = (page, name) => page.getByRole('tab', { name, exact: true }).click();

async function choose(page, name, value) {
  await page.getByRole('combobox', { name, exact: true }).selectOption(value);
}

// xor drawn from the page's first seed, 0 (x₁x₂ separates every training row of every seed).
async function xorAtSeed0(page) {
  await choose(page, 'Built-in data set', 'xor');
}

const trainingAccuracy = async (page) => {
  const corner = page.getByRole('table', { name: 'Training confusion matrix' }).locator('td.corner');
  return Number((await corner.textContent()).replace('accuracy', ''));
};

async function runToConvergence(page) {
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => /converged|stopped/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  await page.waitForFunction(() => !window.neuronLab.running);
}

suite.test('xor with the x₁x₂ toggle trains to 100% training accuracy; without it a line cannot', async ({ page }) => {
  await xorAtSeed0(page);
  await runToConvergence(page);
  const line = await trainingAccuracy(page);
  assert.ok(line < 0.8, `one line on xor: ${line}`);

  await page.getByRole('checkbox', { name: 'x₁x₂' }).check();
  await openPanel(page, 'θ');
  const theta = await thetaText(page);
  assert.match(theta, /x1\*x2/, 'theta has a weight for the product');
  assert.match(await page.locator('header').textContent(), /Added features \(standardized too\): x1\*x2/);
  await runToConvergence(page);
  await openPanel(page, 'Confusion matrix');
  assert.equal(await trainingAccuracy(page), 1);
  await page.locator('#boundary-figure').screenshot({ path: join(shots, 'transforms-xor-boundary.png') });
  await page.screenshot({ path: join(shots, 'transforms-xor-1280x720.png') });
});

// (Both pages' problems are checked by suite.test.)
suite.test('fx= survives a copied link: same toggles, same theta after the same steps', async ({ page, open }) => {
  await xorAtSeed0(page);
  await page.getByRole('checkbox', { name: 'x²' }).check();
  await page.getByRole('checkbox', { name: 'x₁x₂' }).check();
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'θ');
  const theta = await thetaText(page);
  assert.match(theta, /x1\^2.*x2\^2.*x1\*x2/s);
  await page.screenshot({ path: join(shots, 'transforms-theta-1280x720.png') });
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  assert.match(url, /fx=square%2Cproduct/);
  const status = await page.locator('#status').textContent();
  const { page: again } = await open(url);
  await again.waitForFunction(() => !window.neuronLab.running);
  assert.equal(await again.getByRole('checkbox', { name: 'x²' }).isChecked(), true);
  assert.equal(await again.getByRole('checkbox', { name: 'x₁x₂' }).isChecked(), true);
  assert.equal(await again.getByRole('checkbox', { name: 'sin x' }).isChecked(), false);
  assert.equal(await again.locator('#status').textContent(), status);
  await openPanel(again, 'θ');
  assert.equal(await thetaText(again), theta);
});

suite.test('sin x on a set of three features is refused with a reason; the page keeps its settings', { allowProblems: true }, async ({ page }) => {
  await choose(page, 'Built-in data set', 'customers');
  await page.getByRole('checkbox', { name: 'sin x' }).click();
  await page.waitForFunction(() => /one or two features/.test(document.body.textContent));
  assert.equal(await page.getByRole('checkbox', { name: 'sin x' }).isChecked(), false);
  // A link with a bad fx is named and left out.
  const url = page.url().replace(/#.*/, '#neuron=logistic&data=xor&fx=cube');
  await page.goto(url);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForFunction(() => /fx=cube/.test(document.body.textContent));
});

// The worker reads and prepares an uploaded file with the page's settings: the toggles too.
suite.test('an uploaded file is prepared with the toggles on: theta has the derived columns', async ({ page, tmp }) => {
  await page.getByRole('checkbox', { name: 'x₁x₂' }).check();
  await page.getByRole('checkbox', { name: 'sin x' }).check();
  const rows = ['a,b,label'];
  for (let i = 0; i < 60; i++) {
    const [a, b] = [((i * 37) % 17) - 8, ((i * 11) % 13) - 6];
    rows.push(`${a},${b},${a * b > 0 ? 'same' : 'other'}`);
  }
  const file = join(tmp(), 'signs.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  await page.getByLabel('Upload CSV').setInputFiles(file);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column', exact: true }).selectOption('label');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await page.waitForFunction(() => /signs\.csv/.test(document.querySelector('header').textContent));
  await openPanel(page, 'θ');
  assert.match(await thetaText(page), /a\*b.*sin\(a\).*sin\(b\)/s);
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => /converged|stopped/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  await openPanel(page, 'Confusion matrix');
  assert.equal(await trainingAccuracy(page), 1, 'a*b separates the signs');
});
