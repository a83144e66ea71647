// End-to-end: in the room (issue 12). The published page (dist/) works offline once loaded
// and is installable; chart PNGs are drawn anew at the size chosen for slides.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { labSuite, root, shots } from './harness.mjs';

const suite = labSuite();
const dist = join(root, 'dist');

suite.test('after the first visit the page reloads and trains with the server gone; no request fails', { lab: false }, async ({ open, serve }) => {
  assert.ok(existsSync(join(dist, 'sw.js')), 'scripts/test runs scripts/dist before these tests');
  const server = await serve(dist);
  const { page } = await open(server.url);
  // The worker has cached every file of dist/ and controls the page.
  const version = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    const keys = await caches.keys();
    return { active: registration.active.state, keys };
  });
  assert.equal(version.active, 'activated');
  assert.equal(version.keys.length, 1);
  assert.match(version.keys[0], /^neuron-lab-[0-9a-f]{16}$/);

  server.stop();
  const failed = [];
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await page.getByRole('button', { name: 'Step ×10' }).click();
  assert.match(await page.locator('#status').textContent(), /^t = 10 ·/);
  // The worker (a file read off the main thread) starts offline too: a run to convergence.
  await page.getByRole('button', { name: 'Run to convergence' }).click();
  await page.waitForFunction(() => !window.neuronLab.running && /converged|stopped/.test(document.getElementById('status').textContent));
  assert.deepEqual(failed, []);
  await page.screenshot({ path: join(shots, '50-offline.png') });
});

suite.test('the manifest names the lab, displays standalone, and its icons load', { lab: false }, async ({ open, serve }) => {
  const server = await serve(dist);
  const { page } = await open(server.url);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]');
    const response = await fetch(link.href);
    const json = await response.json();
    const icons = await Promise.all(json.icons.map(async (icon) => {
      const r = await fetch(new URL(icon.src, link.href));
      return { status: r.status, type: r.headers.get('content-type'), svg: (await r.text()).startsWith('<svg') };
    }));
    return { ...json, loaded: icons, start: new URL(json.start_url, link.href).href };
  });
  assert.equal(manifest.name, 'Neuron Lab');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start, server.url);
  assert.equal(manifest.loaded.length, 2);
  for (const icon of manifest.loaded) assert.deepEqual(icon, { status: 200, type: 'image/svg+xml', svg: true });
});

// A PNG's width and height, from its IHDR chunk.
const pngSize = (bytes) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

suite.test('chart PNGs are drawn anew at the chosen size: as shown, 2x, 1920x1080', async ({ page }) => {
  const save = async (name, file) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const path = join(shots, file);
    await download.saveAs(path);
    return readFileSync(path);
  };
  await page.getByRole('button', { name: 'Step ×10' }).click();
  const box = await page.locator('#boundary-chart').boundingBox();
  const shown = await save('Boundary PNG', 'png-1x.png');
  assert.deepEqual(pngSize(shown), [Math.round(box.width), Math.round(box.height)]);
  await page.getByRole('combobox', { name: 'PNG size' }).selectOption('2x');
  assert.deepEqual(pngSize(await save('Boundary PNG', 'png-2x.png')), [Math.round(box.width * 2), Math.round(box.height * 2)]);
  await page.getByRole('combobox', { name: 'PNG size' }).selectOption('1920x1080');
  for (const [name, file] of [['Boundary PNG', 'png-boundary-1920x1080.png'], ['Objective PNG', 'png-objective-1920x1080.png'], ['ROC PNG', 'png-roc-1920x1080.png']]) {
    assert.deepEqual(pngSize(await save(name, file)), [1920, 1080], name);
  }
  // The screen's chart is as it was: clicks still map to its rows.
  const position = await page.evaluate(() => window.neuronLab.rowPosition('boundary', 0));
  assert.ok(position && position[0] > 0 && position[0] < box.width, `row 0 at ${position}`);
});

// ---------- embedded in a slide ----------

suite.test('the embed code shows one chart filling an 800x450 frame of a slide, stepping with its bar and its keys', async ({ page, context }) => {
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.getByRole('button', { name: 'Embed…' }).click();
  await page.getByRole('combobox', { name: 'Chart to embed' }).selectOption('boundary');
  const code = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
  await page.screenshot({ path: join(shots, '51-embed-dialog.png') });
  const origin = new URL(page.url()).origin;
  assert.match(code, new RegExp(`^<iframe src="${origin}/\\?embed=boundary#[^"]*step=10[^"]*" width="800" height="450" title="Neuron Lab: decision boundary" style="border: 0"></iframe>$`));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);

  // A slide of the lecture's own (reveal.js or any HTML) with the code pasted in.
  const slide = `${origin}/slide-test.html`;
  await page.route(slide, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Slide</title><body style="margin:0"><h1>Slide 12</h1>${code}</body>` }));
  await page.goto(slide);
  const frame = page.frameLocator('iframe');
  await frame.locator('body[data-ready=true]').waitFor();
  const status = frame.locator('#status');
  await assert.doesNotReject(() => frame.getByText(/^t = 10 ·/).waitFor());
  // One chart fills the frame below the bar; the rest of the lab is not there.
  const chart = await frame.locator('#boundary-chart').boundingBox();
  const iframe = await page.locator('iframe').boundingBox();
  assert.ok(chart.width > 0.95 * iframe.width && chart.height > 0.75 * iframe.height, `chart ${chart.width}x${chart.height} in 800x450`);
  for (const hidden of ['#activation-chart', '#objective-chart', '#roc-chart', '#panel', '#sidebar', 'header', '#run']) {
    assert.equal(await frame.locator(hidden).isVisible(), false, hidden);
  }
  for (const name of ['Step', 'Play', 'Reset']) assert.ok(await frame.getByRole('button', { name, exact: true }).isVisible(), name);
  await page.screenshot({ path: join(shots, '52-embed-boundary.png') });

  // The bar steps; once the frame has the focus, so do the keys.
  await frame.getByRole('button', { name: 'Step', exact: true }).click();
  assert.match(await status.textContent(), /^t = 11 ·/);
  await frame.locator('#boundary-chart').click();
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  assert.match(await status.textContent(), /^t = 13 ·/);
  await page.keyboard.press('ArrowLeft');
  assert.match(await status.textContent(), /^t = 12 ·/);
  await frame.getByRole('button', { name: 'Play' }).click();
  await frame.getByText(/^t = (1[5-9]|[2-9]\d|\d{3,}) ·/).waitFor();
  await frame.getByRole('button', { name: 'Pause' }).click();
  await frame.getByRole('button', { name: 'Reset' }).click();
  assert.match(await status.textContent(), /^t = 0 ·/);
  // A key of the whole lab (a panel, the projector view) does nothing in a frame.
  await page.keyboard.press('v');
  assert.equal(await frame.locator('body.projector').count(), 0);
});

suite.test('each chart embeds alone; a name that is not a chart is said and the whole lab shown', { width: 800, height: 450 }, async ({ page }) => {
  const base = page.url().replace(/[?#].*$/, '');
  const charts = { activation: '#activation-chart', boundary: '#boundary-chart', objective: '#objective-chart', surface: '#surface-chart', roc: '#roc-chart', confusion: '#confusion-tables table' };
  // The confusion matrix: the validation rows' alone, as large as the frame allows.
  for (const [name, selector] of Object.entries(charts)) {
    await page.goto(`${base}?embed=${name}#data=separable&neuron=logistic&step=5`);
    await page.waitForSelector('body[data-ready=true]');
    await page.getByText(/^t = 5 ·/).waitFor();
    if (name === 'surface' || name === 'confusion') await page.screenshot({ path: join(shots, `53-embed-${name}.png`) });
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && box.width > 500 && box.height > 150, `${name}: ${JSON.stringify(box)}`);
    const shown = await page.locator('#stage > :is(figure, section)').evaluateAll((nodes) => nodes.filter((n) => n.checkVisibility()).map((n) => n.id));
    assert.equal(shown.length, 1, `${name} shows ${shown}`);
  }
  await page.goto(`${base}?embed=<script>#data=separable&neuron=logistic&step=2`);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.locator('#notice-text').textContent(), /embed=<script> is not a chart \(expected one of activation|boundary/);
  assert.ok(await page.locator('#sidebar').isVisible());
  await page.getByText(/^t = 2 ·/).waitFor();
});

// ---------- two screens: the projector window ----------

suite.test('a projector window follows 21 actions of the lab window (theta, step, history, view and the row selected equal after each), and outlives it', async ({ page, context }) => {
  const [projector] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Projector window' }).click()]);
  await projector.waitForSelector('body[data-ready=true]');
  const problems = [];
  projector.on('pageerror', (e) => problems.push(e.message));
  projector.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const state = (p) => p.evaluate(() => ({ step: window.neuronLab.step, theta: window.neuronLab.theta, view: window.neuronLab.view, status: document.getElementById('status').textContent, history: window.neuronLab.historyCsv(), selected: window.neuronLab.selected }));
  const same = async (action) => {
    const want = await state(page);
    await projector.waitForFunction(
      (w) => window.neuronLab.step === w.step && JSON.stringify(window.neuronLab.theta) === JSON.stringify(w.theta) && document.getElementById('status').textContent === w.status &&
        window.neuronLab.historyCsv() === w.history,
      want, { timeout: 10000 },
    ).catch(async () => assert.fail(`after ${action}: lab ${JSON.stringify(want)}\nprojector ${JSON.stringify(await state(projector))}`));
    assert.deepEqual((await state(projector)).view, want.view, `after ${action}: the view`);
    assert.equal((await state(projector)).selected, want.selected, `after ${action}: the row selected`);
  };
  await same('opening');
  const button = (name) => page.getByRole('button', { name, exact: true }).click();
  const actions = [
    ['Step', () => button('Step')],
    ['Step ×10', () => button('Step ×10')],
    ['Space', () => page.keyboard.press('Space')],
    ['←', () => page.keyboard.press('ArrowLeft')],
    ['→', () => page.keyboard.press('ArrowRight')],
    ['the history slider to 4', () => page.locator('#history').fill('4')],
    ['the threshold slider', () => page.locator('#threshold-slider').fill('0.3')],
    ['a training row clicked (its gradient term)', async () => {
      const [x, y] = await page.evaluate(() => window.neuronLab.rowPosition('activation', 3));
      const box = await page.locator('#activation-chart').boundingBox();
      const canvas = await page.locator('#activation-chart').evaluate((c) => c.width);
      await page.mouse.click(box.x + (x * box.width) / canvas, box.y + (y * box.width) / canvas);
      assert.equal(await page.evaluate(() => window.neuronLab.selected), 3);
    }],
    ['Step ×10 after the rewind', () => button('Step ×10')],
    ['theta typed by hand', async () => {
      await page.getByRole('tab', { name: 'θ' }).click();
      await button('Set θ by hand');
      await page.locator('#theta-table input.theta-input').first().fill('0.75');
      await button('Use these θ');
    }],
    ['Reset, then Run to convergence (the steps after the typed θ replaced)', async () => {
      await page.keyboard.press('r');
      await button('Run to convergence');
      await page.waitForFunction(() => !window.neuronLab.running);
    }],
    ['the neuron', () => page.getByRole('combobox', { name: 'Neuron', exact: true }).selectOption('perceptron')],
    ['Step ×10 with the perceptron', () => button('Step ×10')],
    ['the data set', () => page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('blobs3')],
    ['Play and Pause', async () => {
      await button('Play');
      await page.waitForFunction(() => window.neuronLab.step >= 8);
      await button('Pause');
    }],
    ['the surface view', () => page.getByRole('button', { name: 'surface' }).click()],
    ['a point added', async () => {
      await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
      await page.getByRole('combobox', { name: 'Click on the chart' }).selectOption('add:1');
      const box = await page.locator('#boundary-chart').boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    }],
    ['Run to convergence', async () => {
      await button('Run to convergence');
      await page.waitForFunction(() => !window.neuronLab.running);
    }],
    ['a comparison (it stays in the lab window)', async () => {
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('combobox', { name: 'Compare with' }).selectOption('linear');
    }],
    ['Reset', () => page.keyboard.press('r')],
    ['Space pressed in the projector window', () => projector.keyboard.press('Space')],
  ];
  assert.equal(actions.length, 21);
  for (const [name, act] of actions) {
    await act();
    await same(name);
  }
  assert.match((await state(page)).status, /^t = 1 ·/, 'the projector window\'s Space stepped the lab window');
  const lags = (await projector.evaluate(() => window.neuronLab.projectorLags())).map((l) => l.wait + l.work).sort((a, b) => a - b);
  console.log(`projector window: ${lags.length} syncs, message to charts drawn ${lags[lags.length >> 1].toFixed(1)} ms median, ${lags[lags.length - 1].toFixed(1)} ms longest`);
  await projector.screenshot({ path: join(shots, '54-projector-window.png') });
  await page.screenshot({ path: join(shots, '55-lab-window-with-projector.png') });

  // The lab window reloaded (F5): the projector window follows it again, from its link.
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForFunction(() => !window.neuronLab.running);
  await projector.getByText(/The lab window is back/).waitFor();
  await same('the lab window reloaded');
  await button('Step');
  await same('Step after the reload');

  // A second projector window, closed again: the lab window and the first go on.
  const [second] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Projector window' }).click()]);
  await second.waitForSelector('body[data-ready=true]');
  await second.waitForFunction((t) => window.neuronLab.step === t, (await state(page)).step);
  await second.close();
  const before = (await state(page)).step;
  await button('Step');
  await same('Step after a second projector window closed');
  assert.equal((await state(page)).step, before + 1);

  // The lab window closes: the projector window keeps its state, and its keys act there.
  const last = await state(projector);
  await page.close();
  await projector.getByText(/The lab window has closed/).waitFor();
  assert.equal((await state(projector)).step, last.step);
  await projector.keyboard.press('Space');
  await projector.waitForFunction((t) => window.neuronLab.step === t + 1, last.step);
  assert.deepEqual(problems, []);
});

suite.test('a projector window with no lab window, or a link with a bad name, says so', async ({ page }) => {
  const base = page.url().replace(/[?#].*$/, '');
  await page.goto(`${base}?projector=nolabhere`);
  await page.waitForSelector('body[data-ready=true]');
  await page.getByText(/^No lab window answered: it was closed or reloaded/).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#sidebar').isVisible(), false);
  await page.goto(`${base}?projector=../../etc/passwd`);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.locator('#notice-text').textContent(), /projector=\.\.\/\.\.\/etc\/passwd is not a lab window's name/);
  assert.ok(await page.locator('#sidebar').isVisible());
});

suite.test('the embed dialog offers the ROC curve to one-output neurons only and no code for an uploaded file; links without a neuron are said', async ({ page }) => {
  const chart = page.getByRole('combobox', { name: 'Chart to embed' });
  const close = () => page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Embed…' }).click();
  assert.equal(await chart.locator('option[value=roc]').evaluate((o) => o.disabled), false, 'ROC refused with one output');
  await close();
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('blobs3');
  await page.getByRole('button', { name: 'Embed…' }).click();
  assert.equal(await chart.locator('option[value=roc]').evaluate((o) => o.disabled), true, 'ROC offered with K outputs');
  assert.match(await chart.locator('option[value=roc]').textContent(), /neurons with one output/);
  await close();
  await page.getByLabel('Upload CSV').setInputFiles({ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,y\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n2,2,b\n0,2,a\n') });
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('y');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await page.waitForFunction(() => !window.neuronLab.reading && /tiny\.csv/.test(document.getElementById('data-summary').textContent));
  await page.getByRole('button', { name: 'Embed…' }).click();
  assert.equal(await page.getByRole('button', { name: 'Copy embed code' }).isDisabled(), true, 'code for an uploaded file');
  assert.equal(await page.getByRole('textbox', { name: 'Embed code' }).inputValue(), '');
  assert.match(await page.locator('#embed-caveat').textContent(), /A frame cannot show an uploaded file/);
  await close();

  // A hand-written link: no neuron named is said; a bad neuron leaves the lab's own.
  const base = page.url().replace(/[?#].*$/, '');
  await page.goto(`${base}?embed=boundary#data=xor&step=20`);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.locator('#notice-text').textContent(), /names no neuron/);
  await page.goto(`${base}#neuron=evil&data=separable&step=2`);
  await page.waitForSelector('body[data-ready=true]');
  await page.getByText(/^t = 2 ·/).waitFor();
  assert.equal(await page.evaluate(() => window.neuronLab.settings.neuron), 'logistic');
  assert.match(await page.locator('#notice-text').textContent(), /neuron=evil/);
});

suite.test('the projector window\'s text grows with its screen', { width: 1920, height: 1080 }, async ({ page, context }) => {
  const [projector] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Projector window' }).click()]);
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await projector.waitForSelector('body[data-ready=true]');
  await projector.waitForFunction(() => /^t = /.test(document.getElementById('status').textContent));
  const size = (p, selector) => p.locator(selector).first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
  // 1.5 times 1280x720's 19 px; the lab window's status stays as it was.
  assert.ok((await size(projector, '#status')) > 1.45 * 19 * 1.05 * 0.95, `status ${await size(projector, '#status')} px`);
  assert.ok((await size(projector, 'table.confusion')) > 1.4 * (await size(page, 'table.confusion')));
  await projector.screenshot({ path: join(shots, '56-projector-window-1920.png') });
});
