// End-to-end tests of the page in the lecture hall (issue 7): one screen at
// 1280x720 (and 1920x1080), keys that never misfire, uploads that show what
// happened, no layout shift. Screenshots go to target/e2e/ for review.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSuite, shots, kidCreative, settled } from './harness.mjs';

const suite = labSuite();
const stepOf = async (page) => Number(/^t = (\d+)/.exec(await page.locator('#status').textContent())[1]);
const CHARTS = ['#activation-chart', '#boundary-chart', '#objective-chart', '#roc-chart'];
const CONTROLS = ['#step', '#step10', '#play', '#run', '#reset', '#history', '#status'];

// The box of `selector`, asserting that it lies entirely inside the viewport.
async function inView(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is shown`);
  const { width, height } = page.viewportSize();
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
  assert.ok(inside, `${selector} at ${JSON.stringify(box)} is inside ${width}x${height}`);
  return box;
}

async function assertOneScreen(page, { minWidth = 300, minHeight = 220, matrix = true } = {}) {
  for (const selector of CONTROLS) await inView(page, selector);
  for (const selector of CHARTS) {
    const box = await inView(page, selector);
    assert.ok(box.width >= minWidth && box.height >= minHeight, `${selector} is ${box.width}x${box.height}, at least ${minWidth}x${minHeight}`);
  }
  if (matrix) {
    await inView(page, 'table[aria-label="Validation confusion matrix"]');
    await inView(page, 'p.metrics[data-part=validation]');
  }
  const scroll = await page.evaluate(() => document.scrollingElement.scrollHeight - window.innerHeight);
  assert.ok(scroll <= 0, `the page does not scroll (${scroll} px more)`);
  const status = await page.evaluate(() => {
    const status = document.getElementById('status');
    const range = document.createRange();
    range.selectNodeContents(status);
    return { lines: range.getClientRects().length, cut: status.scrollWidth - status.clientWidth, text: status.textContent };
  });
  assert.ok(status.lines <= 1, `the status is one line: ${status.text}`);
  assert.ok(status.cut <= 1, `the status is not cut: ${status.text}`);
}

async function loadKidCreative(page, target = 'Buy') {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption(target);
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
}

const boxes = (page, selectors) =>
  page.evaluate((list) => list.map((s) => JSON.stringify(document.querySelector(s).getBoundingClientRect())), selectors);

for (const [width, height] of [[1280, 720], [1920, 1080]]) {
  suite.test(`${width}x${height}: controls, status, four charts and the validation matrix on one screen, also after KidCreative`, { width, height }, async ({ page }) => {
    await assertOneScreen(page);
    await page.screenshot({ path: join(shots, `20-one-screen-${width}.png`) });
    await loadKidCreative(page);
    await page.getByRole('button', { name: 'Step ×10' }).click();
    await assertOneScreen(page);
    await page.screenshot({ path: join(shots, `21-kidcreative-${width}.png`) });
  });
}

suite.test('every panel opens beside the charts, never pushing them off screen; one key each', async ({ page }) => {
  for (const [key, panel, visible] of [
    ['g', 'gradient', '#gradient-table'], ['t', 'theta', '#theta-table'], ['s', 'steps', '#steps-table'],
    ['d', 'data', '#data-empty'], ['o', 'predictions', '#classify-empty'], ['m', 'confusion', '#confusion'],
  ]) {
    await page.keyboard.press(key);
    assert.equal(await page.evaluate(() => window.neuronLab.panel), panel);
    const wrap = await page.locator(visible).evaluate((node) => (node.closest('.table-wrap') ? `#${node.closest('.panel-body').id}` : `#${node.id}`));
    await inView(page, wrap);
    await assertOneScreen(page, { matrix: panel === 'confusion' });
    await page.screenshot({ path: join(shots, `22-panel-${panel}.png`) });
  }
});

suite.test('projector view keeps a running comparison and the step table; large type keeps charts tall', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await page.keyboard.press('c');
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('logistic-se');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.keyboard.press('v');
  assert.equal(await page.locator('#sidebar').isHidden(), true, 'projector view hides the settings');
  await page.waitForFunction(() => window.neuronLab.step >= 5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: join(shots, '23-projector-compare.png') });
  for (const id of ['#compare-boundary-a', '#compare-boundary', '#compare-objective-a', '#compare-objective', '#compare-table']) await inView(page, id);
  await page.keyboard.press('s');
  await inView(page, '#steps-wrap');
  await assertOneScreen(page, { matrix: false });
  await page.keyboard.press('m');
  await assertOneScreen(page);
  await page.screenshot({ path: join(shots, '24-projector.png') });
  await page.keyboard.press('v');

  await page.getByLabel('Large type').check();
  await assertOneScreen(page, { minWidth: 280, minHeight: 240, matrix: false });
  await page.keyboard.press('v');
  await assertOneScreen(page, { minWidth: 300, minHeight: 240, matrix: false });
  await page.screenshot({ path: join(shots, '25-large-type-projector.png') });
});

suite.test('Space steps and P plays after a mouse click on a button, checkbox or slider; Tab then Space toggles', async ({ page }) => {
  const large = page.getByLabel('Large type');
  await large.click();
  await page.keyboard.press('Space');
  assert.equal(await stepOf(page), 1, 'Space stepped');
  assert.equal(await large.isChecked(), true, 'Large type stayed on');
  const adaptive = page.getByLabel('Adaptive learning rate');
  await page.getByText('Adaptive learning rate').click();
  const afterToggle = await stepOf(page);
  await page.keyboard.press('Space');
  assert.equal(await stepOf(page), afterToggle + 1, 'Space stepped, it did not restart training');
  assert.equal(await adaptive.isChecked(), false, 'the box stays as the click left it');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.keyboard.press('Space');
  assert.equal(await stepOf(page), afterToggle + 12);
  await page.getByRole('slider', { name: 'Rewind to step' }).click();
  const t = await stepOf(page);
  await page.keyboard.press('Space');
  assert.equal(await stepOf(page), t + 1);
  await page.keyboard.press('p');
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'P plays');
  await page.keyboard.press('p');
  // A keyboard user: Tab to the checkbox, Space toggles it and does not step.
  await adaptive.focus();
  const before = await stepOf(page);
  await page.keyboard.press('Space');
  assert.equal(await adaptive.isChecked(), true, 'Space toggled the focused checkbox');
  assert.notEqual(await stepOf(page), before + 1, 'and did not step');
});

suite.test('an upload shows its preview and the train button on screen; a drop on the charts loads the file', async ({ page }) => {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await inView(page, 'button#csv-use');
  await inView(page, '#csv-target');
  assert.equal(await page.evaluate(() => window.neuronLab.panel), 'data');
  await page.screenshot({ path: join(shots, '26-upload-preview.png') });

  const csv = 'u,v,label\n1,2,a\n2,1,b\n3,3,a\n0,1,b\n';
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return data;
  }, csv);
  await page.keyboard.press('m');
  await page.dispatchEvent('#boundary-chart', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('#boundary-chart', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#boundary-chart', 'drop', { dataTransfer: transfer });
  await page.waitForFunction(() => /dropped\.csv: 4 rows/.test(document.getElementById('csv-info').textContent));
  assert.equal(await page.evaluate(() => window.neuronLab.panel), 'data');
  assert.equal(await page.locator('#drop-overlay').isHidden(), true);
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  assert.match(await page.locator('#data-summary').textContent(), /dropped\.csv: 4 rows, 2 features, target 'label'/);
});

suite.test('a target with many distinct values is asked about before training', async ({ page, tmp }) => {
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('Income');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  const dialog = page.getByRole('dialog', { name: 'Train on many classes?' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /'Income' has 75 distinct values/);
  await page.screenshot({ path: join(shots, '27-many-classes.png') });
  await page.getByRole('button', { name: 'Pick another target' }).click();
  assert.match(await page.locator('#data-summary').textContent(), /^separable: 200 rows/, 'nothing was trained');

  const many = join(tmp(), 'many-classes.csv');
  writeFileSync(many, 'x,class\n' + Array.from({ length: 50 }, (_, i) => `${i},c${i % 25}`).join('\n') + '\n');
  await page.getByLabel('Upload CSV').setInputFiles(many);
  await settled(page);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('class');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Train anyway' }).click();
  await page.waitForFunction(() => /target 'class' \(25 classes\)/.test(document.getElementById('data-summary').textContent));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await stepOf(page), 1);
});

suite.test('nothing moves while working: notices, errors, Stop and progress are overlays; the slider keeps its width', async ({ page }) => {
  const fixed = ['#activation-chart', '#boundary-chart', '#objective-chart', '#roc-chart', '#step', '#run', '#reset', '#history', '#panel'];
  const start = await boxes(page, fixed);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('#notice').waitFor();
  assert.deepEqual(await boxes(page, fixed), start, 'a notice moves nothing');
  await page.getByRole('spinbutton', { name: 'Threshold' }).fill('7');
  await page.getByRole('spinbutton', { name: 'Threshold' }).dispatchEvent('change');
  await page.getByRole('alert').waitFor();
  assert.deepEqual(await boxes(page, fixed), start, 'an error moves nothing');
  assert.equal(await page.getByRole('spinbutton', { name: 'Threshold' }).inputValue(), '0.5', 'the refused value is put back');
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).dispatchEvent('change');
  await page.getByRole('spinbutton', { name: 'Max iterations' }).fill('10000000');
  await page.getByRole('spinbutton', { name: 'Max iterations' }).dispatchEvent('change');
  const widths = new Set();
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  for (let i = 0; i < 5; i++) {
    widths.add(await page.evaluate(() => document.getElementById('history').getBoundingClientRect().width));
    assert.deepEqual(await boxes(page, fixed), start, 'a run moves nothing');
    await page.waitForTimeout(30);
  }
  const run = page.getByRole('button', { name: 'Run to convergence' });
  if (await run.isDisabled()) {
    const styles = await page.evaluate(() => ['run', 'reset'].map((id) => getComputedStyle(document.getElementById(id)).backgroundColor));
    assert.notEqual(styles[0], styles[1], 'Run during a run looks disabled');
  }
  await page.getByRole('button', { name: 'Stop' }).click();
  widths.add(await page.evaluate(() => document.getElementById('history').getBoundingClientRect().width));
  assert.equal(widths.size, 1, `the history slider keeps its width: ${[...widths]}`);
  assert.deepEqual(await boxes(page, fixed), start);
});

suite.test('disabled buttons look disabled; menus show short names with the description beside', async ({ page }) => {
  await page.getByRole('button', { name: 'Guided tour' }).click();
  const look = (name) => page.getByRole('button', { name, exact: true }).evaluate((b) => {
    const s = getComputedStyle(b);
    return `${s.backgroundColor} ${s.color} ${s.borderStyle} ${s.cursor}`;
  });
  assert.equal(await page.getByRole('button', { name: 'Back' }).isDisabled(), true);
  assert.notEqual(await look('Back'), await look('Next'), 'Back on stop 1 looks disabled');
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
  assert.notEqual(await look('Next'), await look('Back'), 'Next on the last stop looks disabled');
  await page.getByRole('button', { name: 'Close tour' }).click();

  for (const [menu, description] of [['Built-in data set', '#dataset-description'], ['Neuron', '#neuron-description']]) {
    const select = page.getByRole('combobox', { name: menu, exact: true });
    for (const value of await select.evaluate((s) => [...s.options].map((o) => o.value))) {
      await select.selectOption(value);
      const fits = await select.evaluate((s) => {
        const context = document.createElement('canvas').getContext('2d');
        context.font = getComputedStyle(s).font;
        return context.measureText(s.options[s.selectedIndex].text).width + 28 <= s.clientWidth;
      });
      assert.ok(fits, `${menu} '${value}' fits in the closed menu`);
      assert.ok((await page.locator(description).textContent()).length > 10, `${menu} '${value}' is described`);
    }
  }
});

suite.test('a refused Points value is put back; customers shows the true theta; descent objectives say lower is better', async ({ page }) => {
  const points = page.getByRole('spinbutton', { name: 'Points' });
  await points.fill('50000');
  await points.dispatchEvent('change');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Points: 50000 is above 20000/);
  assert.equal(await points.inputValue(), '200');

  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('customers');
  await page.getByRole('tab', { name: 'θ', exact: true }).click();
  const head = await page.locator('#theta-table thead').textContent();
  assert.match(head, /true θ/);
  const trueValues = await page.locator('#theta-table tbody tr td:last-child').allTextContents();
  assert.ok(trueValues.every((v) => Number.isFinite(Number(v))), `true theta ${trueValues}`);

  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('blobs3');
  await page.getByRole('combobox', { name: 'Neuron', exact: true }).selectOption('softmax');
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const status = await page.locator('#status').textContent();
  const value = Number(/cross-entropy: (\S+)/.exec(status)[1]);
  assert.ok(value > 0, 'cross-entropy is shown as it is, positive');
  assert.match(status, /lower is better/);
});

suite.test('after a rewind the step table keeps the later steps, faded, and a click goes forward', async ({ page }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.keyboard.press('s');
  await page.getByRole('button', { name: 'Rewind to step 4', exact: true }).click();
  assert.equal(await stepOf(page), 4);
  assert.equal(await page.locator('#steps-table tr.ahead').count(), 6, 'steps 5 to 10 stay, faded');
  const faded = await page.locator('#steps-table tr.ahead td').first().evaluate((td) => getComputedStyle(td).color);
  const current = await page.locator('#steps-table tr.current td').first().evaluate((td) => getComputedStyle(td).color);
  assert.notEqual(faded, current);
  await page.getByRole('button', { name: 'Rewind to step 9', exact: true }).click();
  assert.equal(await stepOf(page), 9);
  await page.screenshot({ path: join(shots, '28-steps-ahead.png') });
});

// (The page's problems are not checked in this test.)
suite.test('window.neuronLab is a read-only view for tests', { allowProblems: true }, async ({ page }) => {
  const result = await page.evaluate(() => {
    'use strict';
    const view = window.neuronLab;
    let threw = false;
    try {
      view.step = 99;
    } catch {
      threw = true;
    }
    return { threw, step: view.step, hasLab: 'lab' in view, frozen: Object.isFrozen(view) };
  });
  assert.deepEqual(result, { threw: true, step: 0, hasLab: false, frozen: true });
});
