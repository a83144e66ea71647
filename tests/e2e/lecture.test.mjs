// End-to-end tests of lecture mode (issue 4), controls found by role and name.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { labSuite, shots, root, kidCreative, settled } from './harness.mjs';

const suite = labSuite();
const stepOf = async (page) => Number(/^t = (\d+)/.exec(await page.locator('#status').textContent())[1]);
const thetaText = (page) => page.locator('#theta-table tbody').textContent();

async function choose(page, name, value) {
  await page.getByRole('combobox', { name, exact: true }).selectOption(value);
}

async function saveDownload(page, click, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(shots, name);
  await download.saveAs(path);
  return path;
}

// Opens one of the panels beside the charts (Gradient, θ, Steps, Compare, ...).
const openPanel = (page, name) => page.getByRole('tab', { name, exact: true }).click();

async function loadKidCreative(page) {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await choose(page, 'Target column', 'Buy');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
}

// Clicks where training row `row` is drawn on a chart, as a user would.
async function clickRow(page, chart, row) {
  const canvasId = chart === 'activation' ? 'activation-chart' : 'boundary-chart';
  const spot = await page.evaluate(
    ([chart, row, id]) => {
      const [x, y] = window.neuronLab.rowPosition(chart, row);
      const canvas = document.getElementById(id);
      const box = canvas.getBoundingClientRect();
      return { x: (x * box.width) / canvas.width, y: (y * box.height) / canvas.height };
    },
    [chart, row, canvasId],
  );
  await page.locator(`#${canvasId}`).click({ position: spot });
}

suite.test('the gradient panel: a clicked row shows its term x (y - y_hat), as computed here', async ({ page }) => {
  await choose(page, 'Built-in data set', 'overlapping');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await clickRow(page, 'activation', 7);
  const info = await page.locator('#gradient-row-info').textContent();
  assert.match(info, /^Row 8 of \d+ training rows/);
  const y = Number(/y = (-?[\d.e-]+)/.exec(info)[1]);
  const yHat = Number(/ŷ = (-?[\d.e-]+)/.exec(info)[1]);
  const rows = await page.locator('#gradient-table tbody tr').all();
  assert.equal(rows.length, 3, 'bias, x1, x2');
  for (const row of rows) {
    const cells = (await row.locator('td').allTextContents()).map(Number);
    const [x, term] = cells;
    const expected = x * (y - yHat);
    assert.ok(Math.abs(term - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `term ${term} vs x (y - ŷ) = ${expected}`);
  }
  assert.ok(await page.locator('#gradient-formula math').count() >= 2, 'MathML formulas');
  await clickRow(page, 'boundary', 3);
  assert.match(await page.locator('#gradient-row-info').textContent(), /^Row 4 of/);
  await page.screenshot({ path: join(shots, '10-gradient.png'), fullPage: true });
});

suite.test('the step table: clicking a row rewinds to that theta; the CSV has every step', async ({ page }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'Steps');
  const row4 = page.locator('#steps-table tr[data-step="4"]');
  const rowTheta = (await row4.locator('td').allTextContents()).slice(1, 4);
  await page.getByRole('button', { name: 'Rewind to step 4', exact: true }).click();
  assert.equal(await stepOf(page), 4);
  await openPanel(page, 'θ');
  const shown = await page.locator('#theta-table tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(shown, rowTheta);
  await openPanel(page, 'Steps');
  const csv = readFileSync(await saveDownload(page, () => page.getByRole('button', { name: 'Step table CSV' }).click(), 'steps.csv'), 'utf8');
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 6, 'a header and steps 0 to 4');
  assert.match(lines[0], /^t,theta bias,theta x1,theta x2,gradient norm,learning rate/);
});

suite.test('the threshold slider changes TPR and FPR as computed here from the predictions', async ({ page }) => {
  await loadKidCreative(page);
  await page.getByRole('slider', { name: 'Train fraction' }).fill('1');
  await page.getByRole('slider', { name: 'Train fraction' }).dispatchEvent('change');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('slider', { name: 'Threshold slider' }).fill('0.3');
  const metrics = await page.locator('p.metrics[data-part=training]').textContent();
  const tpr = Number(/TPR (\d\.\d+)/.exec(metrics)[1]);
  const fpr = Number(/FPR (\d\.\d+)/.exec(metrics)[1]);
  assert.match(metrics, /threshold 0\.3/);

  await page.getByLabel('Classify a CSV').setInputFiles(kidCreative);
  const path = await saveDownload(page, () => page.getByRole('button', { name: 'Download predictions CSV' }).click(), 'kid-predictions.csv');
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.ok(lines[0].endsWith(',predicted Buy,P(Buy = 1)'));
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const positive = Number(f[f.length - 1]) >= 0.3;
    const actual = f[1] === '1';
    if (actual && positive) tp++;
    else if (!actual && positive) fp++;
    else if (actual) fn++;
    else tn++;
  }
  assert.equal(tpr.toFixed(3), (tp / (tp + fn)).toFixed(3));
  assert.equal(fpr.toFixed(3), (fp / (fp + tn)).toFixed(3));
  await page.getByRole('slider', { name: 'Threshold slider' }).fill('0.7');
  const higher = await page.locator('p.metrics[data-part=training]').textContent();
  assert.ok(Number(/FPR (\d\.\d+)/.exec(higher)[1]) <= fpr, 'a higher threshold never raises FPR');
  await page.screenshot({ path: join(shots, '11-threshold-roc.png'), fullPage: true });
});

suite.test('compare two objectives: both neurons step together, each with its own charts', async ({ page }) => {
  await choose(page, 'Built-in data set', 'overlapping');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'Compare');
  await choose(page, 'Compare with', 'logistic-se');
  const table = page.getByRole('table', { name: 'Comparison' });
  const steps = async () => (await table.locator('tr', { hasText: 'step t' }).locator('td').allTextContents()).map((c) => c.split(' ')[0]);
  assert.deepEqual(await steps(), ['10', '10'], 'the second neuron joins at the first one\'s step');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  assert.match(await table.textContent(), /logistic-se/);
  assert.deepEqual(await steps(), ['20', '20'], 'both step together');
  assert.match(await page.getByRole('table', { name: /logistic-se, validation confusion matrix/ }).textContent(), /precision/);
  await page.screenshot({ path: join(shots, '12-compare.png'), fullPage: true });
  await choose(page, 'Compare with', '');
  assert.equal(await page.locator('#compare-body').isHidden(), true);
});

suite.test('an added point appears and is trained on; shift-click removes one', async ({ page }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const caption = () => page.getByRole('table', { name: 'Training confusion matrix' }).locator('caption').textContent();
  assert.match(await caption(), /134 rows/);
  const before = await page.locator('#status').textContent();
  await choose(page, 'Click on the chart', 'add:1');
  const canvas = page.locator('#boundary-chart');
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
  assert.match(await caption(), /135 rows/);
  const after = await page.locator('#status').textContent();
  assert.match(after, /^t = 0 .*edited by hand/, 'the rows changed: the history starts again from the current theta');
  assert.notEqual(/log-likelihood: (\S+)/.exec(after)[1], /log-likelihood: (\S+)/.exec(before)[1], 'the new point counts');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.match(await caption(), /135 rows/);
  assert.equal(await stepOf(page), 1);
  await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.3 }, modifiers: ['Shift'] });
  assert.match(await caption(), /134 rows/);
  await page.screenshot({ path: join(shots, '13-added-point.png') });
});

suite.test('theta typed by hand is used, and training steps on from it', async ({ page }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'θ');
  await page.getByRole('button', { name: 'Set θ by hand' }).click();
  const inputs = page.locator('#theta-table input');
  assert.equal(await inputs.count(), 3);
  for (const [i, v] of ['0.25', '-1.5', '2'].entries()) await inputs.nth(i).fill(v);
  await page.getByRole('button', { name: 'Use these θ' }).click();
  assert.match(await page.locator('#status').textContent(), /^t = 11 .*edited by hand/);
  assert.deepEqual(await page.locator('#theta-table tbody tr td:nth-child(2)').allTextContents(), ['0.25', '-1.5', '2']);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await stepOf(page), 12);
  assert.notDeepEqual(await page.locator('#theta-table tbody tr td:nth-child(2)').allTextContents(), ['0.25', '-1.5', '2']);
});

suite.test('every listed key works', async ({ page }) => {
  await page.locator('header h1').click();
  await page.keyboard.press('Space');
  assert.equal(await stepOf(page), 1);
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepOf(page), 2);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await stepOf(page), 1);
  await page.keyboard.press('p');
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1);
  await page.waitForFunction(() => /^t = ([3-9]|\d\d)/.test(document.getElementById('status').textContent));
  await page.keyboard.press('p');
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  await page.keyboard.press('r');
  assert.equal(await stepOf(page), 0);
  const neurons = ['linear', 'perceptron', 'logistic-se', 'logistic', 'multi-logistic', 'softmax'];
  for (const [i, neuron] of neurons.entries()) {
    await page.keyboard.press(String(i + 1));
    assert.equal(await page.getByRole('combobox', { name: 'Neuron', exact: true }).inputValue(), neuron);
    assert.match(await page.locator('#data-summary').textContent(), new RegExp(`Neuron: ${neuron},`));
  }
  await page.keyboard.press('v');
  assert.equal(await page.locator('#sidebar').isHidden(), true, 'projector view hides the settings');
  await page.screenshot({ path: join(shots, '14-projector.png') });
  await page.keyboard.press('v');
  assert.equal(await page.locator('#sidebar').isVisible(), true);
  await page.keyboard.press('?');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard' }).isVisible(), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard' }).isVisible(), false);
});

// (Both pages' problems are checked by suite.test.)
suite.test('a copied URL reopens the same state: same theta at the same step', async ({ page, open }) => {
  await choose(page, 'Built-in data set', 'blobs3');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await page.getByRole('spinbutton', { name: 'Seed' }).dispatchEvent('change');
  await choose(page, 'Neuron', 'multi-logistic');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'θ');
  await page.getByRole('button', { name: 'Set θ by hand' }).click();
  await page.locator('#theta-table input').first().fill('0.75');
  await page.getByRole('button', { name: 'Use these θ' }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  assert.match(url, /#.*neuron=multi-logistic.*seed=7.*step=12.*edits=11%3A0.75/);
  const theta = await thetaText(page);
  const status = await page.locator('#status').textContent();
  const { page: again } = await open(url);
  await again.waitForFunction(() => !window.neuronLab.running);
  assert.equal(await again.locator('#status').textContent(), status);
  assert.equal(await thetaText(again), theta);
  assert.equal(await again.getByRole('combobox', { name: 'Built-in data set' }).inputValue(), 'blobs3');
});

// (The page's problems are not checked in this test.)
suite.test('Reset with the same seed restarts from the same theta', { allowProblems: true }, async ({ page }) => {
  await openPanel(page, 'θ');
  const start = await thetaText(page);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.equal(await thetaText(page), start);
});

suite.test('the guided tour walks the lecture: perceptron to softmax', async ({ page }) => {
  await page.getByRole('button', { name: 'Guided tour' }).click();
  const expected = [
    ['perceptron', 'separable'], ['logistic-se', 'overlapping'], ['logistic', 'overlapping'],
    ['multi-logistic', 'blobs4'], ['softmax', 'blobs3'],
  ];
  for (const [i, [neuron, data]] of expected.entries()) {
    assert.match(await page.locator('#tour-title').textContent(), new RegExp(`^Tour ${i + 1}/5`));
    assert.equal(await page.getByRole('combobox', { name: 'Neuron', exact: true }).inputValue(), neuron);
    assert.equal(await page.getByRole('combobox', { name: 'Built-in data set' }).inputValue(), data);
    assert.ok(await page.locator('#tour-formula math').count() > 0);
    if (i === 0) await page.screenshot({ path: join(shots, '15-tour.png') });
    if (i < expected.length - 1) await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('button', { name: 'Close tour' }).click();
  assert.equal(await page.locator('#tour').isHidden(), true);
});

suite.test('exports: theta JSON and CSV, step table, chart PNGs; the model file predicts in the CLI as in the page', async ({ page }) => {
  const cli = join(root, 'target/release/neuron-lab');
  assert.ok(existsSync(cli), `${cli} is built by the native tests (cargo test --release)`);
  await loadKidCreative(page);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await openPanel(page, 'θ');
  const theta = JSON.parse(readFileSync(await saveDownload(page, () => page.getByRole('button', { name: 'Theta JSON' }).click(), 'theta.json'), 'utf8'));
  assert.equal(theta.parameters.length, 17);
  assert.equal(theta.step, 10);
  const thetaCsv = readFileSync(await saveDownload(page, () => page.getByRole('button', { name: 'Theta CSV' }).click(), 'theta.csv'), 'utf8');
  assert.equal(thetaCsv.trim().split('\n').length, 18);
  for (const name of ['Activation PNG', 'Boundary PNG', 'Objective PNG', 'ROC PNG']) {
    const png = readFileSync(await saveDownload(page, () => page.getByRole('button', { name }).click(), `${name}.png`));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${name} is a PNG`);
  }
  const model = await saveDownload(page, () => page.getByRole('button', { name: 'Model file' }).click(), 'model.json');
  await page.getByLabel('Classify a CSV').setInputFiles(kidCreative);
  const pagePredictions = readFileSync(
    await saveDownload(page, () => page.getByRole('button', { name: 'Download predictions CSV' }).click(), 'page-predictions.csv'),
    'utf8',
  );
  const cliPredictions = execFileSync(cli, ['predict', '--model', model, kidCreative], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const classes = (csv) => csv.trim().split('\n').map((l) => l.split(',').slice(-2, -1)[0]);
  assert.equal(classes(cliPredictions).length, 674);
  assert.deepEqual(classes(cliPredictions), classes(pagePredictions));
  writeFileSync(join(shots, 'cli-predictions.csv'), cliPredictions);
});
