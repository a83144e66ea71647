// End-to-end: hostile input in the page (issue 8). Crafted links, extreme values
// and bad files: a clear message, what was loaded stays, no panic, no NaN, and a
// long replay that shows progress and stops on Stop. (Every test also fails on a
// Content-Security-Policy violation: see harness.mjs.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSuite, shots, root, settled } from './harness.mjs';

const suite = labSuite();
const stepOf = async (page) => Number(/^t = (\d+)/.exec(await page.locator('#status').textContent())[1]);
const noPanic = (page) => page.evaluate(() => window.neuronLabPanic === undefined);

async function base(page) {
  return page.url().replace(/#.*$/, '');
}

// (Both pages' problems are checked by suite.test.)
suite.test('a link asking for 100,000 steps on 20,000 points replays in chunks, shows progress and stops on Stop', async ({ page, open }) => {
  const url = `${await base(page)}#data=overlapping&points=20000&neuron=logistic&max=1000000000&eps=0&step=100000`;
  const { page: linked } = await open(url);
  await linked.waitForFunction(() => window.neuronLab.running && window.neuronLab.step > 0, null, { timeout: 20000 });
  const first = await stepOf(linked);
  await linked.waitForFunction((t) => window.neuronLab.step > t, first, { timeout: 20000 });
  assert.ok(await linked.locator('#progress').isVisible(), 'the progress bar shows');
  await linked.getByRole('button', { name: 'Stop' }).click();
  await linked.waitForFunction(() => !window.neuronLab.running);
  const stopped = await stepOf(linked);
  assert.ok(stopped > first && stopped < 100000, `stopped at ${stopped}`);
  await linked.waitForFunction(() => /Replaying the link stopped at step/.test(document.getElementById('notice').textContent));
  await linked.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await stepOf(linked), stopped + 1, 'the page works on');
  assert.ok(await noPanic(linked));
});

// Each linked page's problems are checked here, named by its link; the first page's are not.
suite.test('crafted link values are checked like typed ones: named, left out, nothing hangs', { allowProblems: true }, async ({ page, open }) => {
  const origin = await base(page);
  for (const [hash, named] of [
    ['#data=separable&neuron=logistic&step=1000000000', /step=1000000000/],
    ['#data=separable&neuron=logistic&edits=5:1,2,3;3:1,2,3', /edits=/],
    ['#data=separable&neuron=logistic&lr=abc&thr=5&x=99999&seed=-1', /lr=abc.*thr=5/],
    ['#data=nosuchset&neuron=logistic&panel=<img>', /data=nosuchset/],
    ['#data=separable&neuron=logistic&edits=1:1e308,NaN,1', /edits=/],
  ]) {
    const { page: linked, problems, context: other } = await open(`${origin}${hash}`);
    await linked.waitForFunction(() => !window.neuronLab.running);
    await linked.waitForFunction((source) => new RegExp(source).test(document.getElementById('notice').textContent), named.source);
    assert.ok((await stepOf(linked)) <= 100000, hash);
    assert.ok(await noPanic(linked), hash);
    // (The notice may quote the link's own text; what the lab shows never says NaN.)
    assert.doesNotMatch(await linked.locator('#lab').textContent(), /NaN/, hash);
    assert.deepEqual(problems, [], hash);
    await other.close();
  }
});

suite.test('extreme values: typed theta of 1e200 on the linear neuron, and a 1e308 column, never freeze or show NaN', async ({ page, tmp }) => {
  await page.getByRole('combobox', { name: 'Neuron', exact: true }).selectOption('linear');
  await page.getByRole('tab', { name: 'θ', exact: true }).click();
  await page.getByRole('button', { name: 'Set θ by hand' }).click();
  const inputs = page.locator('#theta-table input');
  for (const [i, v] of ['1e200', '1e200', '-1e200'].entries()) await inputs.nth(i).fill(v);
  await page.getByRole('button', { name: 'Use these θ' }).click();
  await page.getByRole('button', { name: 'Step ×10' }).click();
  assert.ok(await noPanic(page));
  assert.doesNotMatch(await page.locator('body').textContent(), /NaN/);

  const huge = join(tmp(), 'huge.csv');
  writeFileSync(huge, 'a,b,class\n' + Array.from({ length: 20 }, (_, i) => `${i % 2 ? '1.7976931348623157e308' : '1e308'},${i},${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
  await page.getByLabel('Upload CSV').setInputFiles(huge);
  await settled(page);
  await page.waitForFunction(() => !document.getElementById('error').hidden || !document.getElementById('csv-columns').hidden);
  if (await page.getByRole('button', { name: 'Use this data' }).isVisible()) {
    await page.getByRole('combobox', { name: 'Target column' }).selectOption('class');
    await page.getByRole('button', { name: 'Use this data' }).click();
    await settled(page);
    await page.waitForFunction(() => !document.getElementById('error').hidden || /^huge\.csv/.test(document.getElementById('data-summary').textContent));
  }
  if (/^huge\.csv/.test(await page.locator('#data-summary').textContent())) {
    await page.getByRole('button', { name: 'Step ×10' }).click();
  } else {
    assert.match(await page.getByRole('alert').textContent(), /'a'/, 'the refusal names the column');
  }
  assert.ok(await noPanic(page));
  assert.doesNotMatch(await page.locator('body').textContent(), /NaN/);
  await page.screenshot({ path: join(shots, '30-extreme-values.png') });
});

// A sample of the bad files of tests/bad/ (the CLI runs them all): each is refused
// with its message, and the data loaded before stays.
const expected = join(root, 'tests', 'bad', 'expected.tsv');
suite.test('a sample of the bad-file corpus through the page: refused with the message, the loaded data kept', { skip: !existsSync(expected) && 'no tests/bad/expected.tsv' }, async ({ page }) => {
  const rows = readFileSync(expected, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  // The page picks its target from a menu: a file without the target column is the CLI's case.
  const bad = rows.filter(([, , message]) => message !== 'ok' && !message.startsWith('no column named'));
  const chosen = ['crlf_first_row_bad.csv', 'cr_only_row_6_bad.csv', 'unterminated_quote.csv', 'empty_label.csv', 'huge_cell.csv',
    'long_label.csv', 'utf16le_bom.csv', 'png.csv', 'span_beyond_the_largest_double.csv'];
  const sample = bad.filter(([file], i) => chosen.includes(file) || i % 5 === 0);
  await page.getByRole('button', { name: 'Step ×10' }).click();
  for (const [file, target, message] of sample) {
    await page.getByLabel('Upload CSV').setInputFiles(join(root, 'tests', 'bad', file));
    await settled(page);
    await page.waitForTimeout(100);
    const refusedOnRead = await page.getByRole('alert').isVisible();
    if (!refusedOnRead) {
      const targets = await page.getByRole('combobox', { name: 'Target column' }).evaluate((s) => [...s.options].map((o) => o.value));
      if (targets.includes(target)) await page.getByRole('combobox', { name: 'Target column' }).selectOption(target);
      await page.getByRole('button', { name: 'Use this data' }).click();
      await settled(page);
      const dialog = page.getByRole('dialog', { name: 'Train on many classes?' });
      if (await dialog.isVisible()) await page.getByRole('button', { name: 'Pick another target' }).click();
    }
    const alert = (await page.getByRole('alert').isVisible()) ? await page.getByRole('alert').textContent() : '';
    assert.ok(alert.includes(message) || /many classes/.test(alert), `${file}: '${alert}' says '${message}'`);
    assert.match(await page.locator('#data-summary').textContent(), /^separable: 200 rows/, `${file}: the loaded data stays`);
    assert.equal(await stepOf(page), 10, `${file}: the training state stays`);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
  }
  // The hostile but valid ones train to finite numbers.
  for (const [file, target] of rows.filter(([, , message]) => message === 'ok')) {
    await page.getByLabel('Upload CSV').setInputFiles(join(root, 'tests', 'bad', file));
    await settled(page);
    await page.getByRole('combobox', { name: 'Target column' }).selectOption(target);
    await page.getByRole('button', { name: 'Use this data' }).click();
    await settled(page);
    await page.waitForFunction((name) => document.getElementById('data-summary').textContent.startsWith(name), file);
    await page.getByRole('button', { name: 'Step ×10' }).click();
    assert.doesNotMatch(await page.locator('#lab').textContent(), /NaN|Infinity/, file);
  }
  assert.ok(await noPanic(page));
});
