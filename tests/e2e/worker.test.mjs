// End-to-end: the page's worker. Files are read and runs to convergence run off the
// main thread; the steps a run takes are those the page takes stepping by itself;
// Cancel leaves what was loaded; a million rows load without freezing the page.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSuite, shots, settled } from './harness.mjs';

const suite = labSuite();

const stepOf = (page) => page.evaluate(() => window.neuronLab.step);
const summaryOf = (page) => page.locator('#data-summary').textContent();

// A CSV of `rows` rows of two features and a class, the same on every run.
function bigCsv(dir, rows) {
  const lines = ['x1,x2,class'];
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    const u = (Math.sin(i * 12.9898) * 43758.5453) % 1;
    const v = (Math.sin(i * 78.233) * 12345.6789) % 1;
    lines.push(`${((c ? 1 : -1) + 2 * u).toFixed(4)},${((c ? 0.5 : -0.5) + 2 * v).toFixed(4)},${c}`);
  }
  const path = join(dir, `rows-${rows}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// Records the longest gap between animation frames from now on (window.longestGap()).
const watchFrames = (page) =>
  page.evaluate(() => {
    let last = performance.now();
    let longest = 0;
    const frame = (now) => {
      longest = Math.max(longest, now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    window.longestGap = () => longest;
  });

suite.test('a run to convergence in the worker takes exactly the steps the page takes stepping by itself', async ({ page }) => {
  await page.getByRole('spinbutton', { name: 'Points' }).fill('600');
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('linear');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => !window.neuronLab.running && window.neuronLab.lastRun, null, { timeout: 60000 });
  const inWorker = await page.evaluate(() => window.neuronLab.historyCsv());
  const steps = await stepOf(page);
  assert.ok(steps > 20, `the run took ${steps} steps`);
  assert.match(await page.locator('#status').textContent(), /converged/);

  // The same settings again start afresh; then the page steps by itself (Play, many steps a frame).
  await page.getByRole('spinbutton', { name: 'Seed' }).dispatchEvent('change');
  assert.equal(await stepOf(page), 0);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('spinbutton', { name: 'steps/frame' }).fill('1000');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.getElementById('play').textContent === 'Play', null, { timeout: 60000 });
  const onPage = await page.evaluate(() => window.neuronLab.historyCsv());
  assert.equal(await stepOf(page), steps);
  assert.equal(inWorker, onPage, 'every number of every step, to the last digit');
});

suite.test('a million rows load in the worker with no frame gap over 250 ms; Cancel keeps the data and model loaded', { timeout: 240000 }, async ({ page, tmp }) => {
  const path = bigCsv(tmp(), 1_000_000);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const before = await summaryOf(page);

  // Cancelled while reading: the file's preview, then its data after "Use this data".
  await page.getByLabel('Upload CSV').setInputFiles(path);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await settled(page);
  assert.match(await page.locator('#notice').textContent(), /cancelled: the data loaded before is unchanged/);
  await page.getByLabel('Upload CSV').setInputFiles(path);
  await settled(page);
  await page.getByRole('button', { name: 'Use this data' }).click();
  assert.ok(await page.evaluate(() => window.neuronLab.reading), 'the data is read in the background');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await settled(page);
  assert.equal(await summaryOf(page), before, 'the data loaded before stays');
  assert.equal(await stepOf(page), 10, 'and so does its training');
  assert.ok(await page.getByRole('alert').isHidden(), 'cancelling is no error');

  // Read to the end, the page keeps drawing frames all along.
  await watchFrames(page);
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await page.waitForFunction(() => /1000000 rows/.test(document.getElementById('data-summary').textContent), null, { timeout: 60000 });
  const gap = await page.evaluate(() => window.longestGap());
  assert.ok(gap < 250, `the longest gap between frames was ${gap.toFixed(0)} ms`);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await stepOf(page), 1);
  await page.screenshot({ path: join(shots, '40-million-rows.png') });
});

suite.test('a bad file read in the worker names its line and column, and the data loaded stays', async ({ page, tmp }) => {
  const path = join(tmp(), 'bad.csv');
  writeFileSync(path, `x1,x2,class\n${'1,2,0\n'.repeat(5000)}3,oops,1\n`);
  await page.getByLabel('Upload CSV').setInputFiles(path);
  await settled(page);
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  assert.match(await page.getByRole('alert').textContent(), /line 5002, column 2 \('x2'\): 'oops' is not a number/);
  assert.match(await summaryOf(page), /^separable: 200 rows/);
});

suite.test('Stop then Run again at once: the second run goes on to its end', async ({ page }) => {
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).dispatchEvent('change');
  await page.getByRole('spinbutton', { name: 'Max iterations' }).fill('20000');
  await page.getByRole('spinbutton', { name: 'Max iterations' }).dispatchEvent('change');
  // Run, Stop and Run in one task: the worker hears the stop while its first run is
  // still stepping, and the second run starts before the first has ended.
  await page.evaluate(() => ['run', 'stop', 'run'].forEach((id) => document.getElementById(id).click()));
  await page.waitForFunction(() => !window.neuronLab.running, null, { timeout: 60000 });
  assert.equal(await stepOf(page), 20000, 'the second run went on to the maximum');
  assert.match(await page.locator('#status').textContent(), /stopped at max iterations/);
});
