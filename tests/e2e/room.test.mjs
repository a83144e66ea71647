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
