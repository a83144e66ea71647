// End-to-end: the page as a user meets it, controls found by role and name.
// Screenshots of each state go to target/e2e/ for review.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { labSuite, shots, kidCreative, root, settled } from './harness.mjs';

const suite = labSuite();

async function status(page) {
  return page.locator('#status').textContent();
}

function objectiveOf(text) {
  return Number(/log-likelihood: (-?[\d.]+)/.exec(text)[1]);
}

// Waits until the page's error banner says something matching `pattern`.
async function alertMatching(page, pattern) {
  await page.waitForFunction(
    (source) => {
      const alert = document.getElementById('error');
      return !alert.hidden && new RegExp(source).test(alert.textContent);
    },
    pattern.source,
    { timeout: 10000 },
  );
  return page.getByRole('alert').textContent();
}

async function uploadTrainingCsv(page, path) {
  await page.getByLabel('Upload CSV').setInputFiles(path);
  await settled(page);
}

suite.test('the page loads with no console error and no request outside its origin', async ({ page }) => {
  assert.match(await page.locator('#data-summary').textContent(), /separable: 200 rows/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling at 1280x720');
  await page.screenshot({ path: join(shots, '01-loaded.png') });
});

suite.test('Step x10 gives iteration 10 and a rising log-likelihood', async ({ page }) => {
  const before = objectiveOf(await status(page));
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const text = await status(page);
  assert.match(text, /^t = 10 /);
  assert.ok(objectiveOf(text) > before, `${before} -> ${text}`);
  assert.equal(await page.getByRole('slider', { name: 'Rewind to step' }).inputValue(), '10');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.match(await status(page), /^t = 11 /);
  await page.screenshot({ path: join(shots, '02-step10.png') });
});

suite.test('KidCreative: upload, pick Buy, drop Obs No., run to convergence, validation matrix adds up', async ({ page }) => {
  await uploadTrainingCsv(page, kidCreative);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('Buy');
  const dropObs = page.getByRole('checkbox', { name: 'Obs No.' });
  assert.equal(await dropObs.isChecked(), true, 'Obs No. is suggested for dropping');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  assert.match(await page.locator('#data-summary').textContent(), /673 rows, 16 features, target 'Buy'/);
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => /converged|stopped/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  const validation = page.getByRole('table', { name: 'Validation confusion matrix' });
  const cells = await validation.locator('tbody tr:not(:last-child) td:not(.margin)').allTextContents();
  const total = cells.map((c) => Number(c.split(' ')[0])).reduce((a, b) => a + b, 0);
  assert.equal(total, 224, `validation cells ${cells}`);
  const metrics = await page.locator('p.metrics[data-part=validation]').textContent();
  assert.match(metrics, /precision 0\.\d{3}/);
  assert.match(metrics, /recall 0\.\d{3}/);
  assert.doesNotMatch(await page.locator('body').textContent(), /NaN/);
  await page.screenshot({ path: join(shots, '03-kidcreative-converged.png'), fullPage: true });
});

// (The page's problems are not checked in this test.)
suite.test('a malformed CSV shows its line and column and keeps the loaded data', { allowProblems: true }, async ({ page, tmp }) => {
  const dir = tmp();
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b,y\n1,2,0\n3,4\n');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await uploadTrainingCsv(page, bad);
  await alertMatching(page, /line 3: expected 3 fields like the header, found 2/);
  assert.match(await page.locator('#data-summary').textContent(), /separable: 200 rows/);
  assert.match(await status(page), /^t = 10 /, 'training state kept');

  const textInFeature = join(dir, 'text.csv');
  writeFileSync(textInFeature, 'a,b,y\n1,2,0\n3,oops,1\n');
  await uploadTrainingCsv(page, textInFeature);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('y');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await alertMatching(page, /line 3, column 2 \('b'\): 'oops' is not a number/);
  assert.match(await page.locator('#data-summary').textContent(), /separable: 200 rows/);

  const png = join(dir, 'not-a-csv.png');
  writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  await uploadTrainingCsv(page, png);
  await alertMatching(page, /line 1, column 1: the file is not UTF-8 text \(is it a CSV file\?\)/);
  assert.match(await status(page), /^t = 10 /, 'training state kept');
  await page.screenshot({ path: join(shots, '04-bad-csv.png') });
});

suite.test('classify an upload: one prediction per row, downloadable as CSV, bad rows listed', async ({ page, tmp }) => {
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => /converged|stopped/.test(document.getElementById('status').textContent));
  const rows = join(tmp(), 'new-rows.csv');
  writeFileSync(rows, 'x1,x2\n-3,-2\n3,2\nbad,1\n0.5,0.5\n');
  await page.getByLabel('Classify a CSV').setInputFiles(rows);
  await page.getByRole('heading', { name: 'Predictions' }).waitFor();
  assert.match(await page.locator('#classify-summary').textContent(), /3 rows classified, 1 skipped/);
  assert.match(await page.locator('#classify-errors').textContent(), /line 4, column 1 \('x1'\): 'bad' is not a number/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download predictions CSV' }).click(),
  ]);
  const saved = join(shots, 'predictions.csv');
  await download.saveAs(saved);
  const lines = readFileSync(saved, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'x1,x2,predicted class,P(class = 1)');
  assert.equal(lines.length, 4, 'a header and one line per good row');
  assert.match(lines[1], /^-3,-2,0,0\.\d+$/);
  assert.match(lines[2], /^3,2,1,[01]\.\d+$/);
  await page.screenshot({ path: join(shots, '05-classified.png'), fullPage: true });
});

suite.test('every neuron trains on a fitting data set without errors, also in large type', async ({ page }) => {
  await page.getByLabel('Large type').check();
  for (const [dataset, neuron] of [
    ['separable', 'linear'], ['separable', 'perceptron'], ['overlapping', 'logistic-se'],
    ['sigmoid1d', 'logistic'], ['blobs4', 'multi-logistic'], ['blobs3', 'softmax'], ['customers', 'logistic'],
  ]) {
    await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption(dataset);
    await page.getByRole('combobox', { name: 'Neuron', exact: true }).selectOption(neuron);
    await page.getByRole('button', { name: 'Step ×10' }).click();
    assert.match(await status(page), /^t = 10 /, `${dataset} / ${neuron}`);
    await page.screenshot({ path: join(shots, `06-${dataset}-${neuron}.png`) });
  }
  assert.doesNotMatch(await page.locator('body').textContent(), /NaN/);
});

suite.test('Play advances and Pause stops; the history slider rewinds; Reset restarts the same theta', async ({ page }) => {
  const theta0 = await page.locator('#theta-table').textContent();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => Number(/t = (\d+)/.exec(document.getElementById('status').textContent)[1]) >= 5);
  await page.getByRole('button', { name: 'Pause' }).click();
  const t = Number(/t = (\d+)/.exec(await status(page))[1]);
  assert.ok(t >= 5);
  await page.getByRole('slider', { name: 'Rewind to step' }).fill('2');
  assert.match(await status(page), /^t = 2 /);
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.match(await status(page), /^t = 0 /);
  assert.equal(await page.locator('#theta-table').textContent(), theta0);
});

suite.test('the published dist/ folder is the same working page', { lab: false }, async ({ open, serve }) => {
  const dist = join(root, 'dist');
  assert.ok(existsSync(join(dist, 'index.html')), 'scripts/test runs scripts/dist before these tests');
  const server = await serve(dist);
  const { page } = await open(server.url);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  assert.match(await page.locator('#status').textContent(), /^t = 10 /);
  // Its worker (a bundle of its own, sharing the glue's chunk) reads a file and runs.
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('Buy');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  assert.match(await page.locator('#data-summary').textContent(), /673 rows/);
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => /converged|stopped/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
});
