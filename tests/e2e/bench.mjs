// The page's benchmark, in headless Chromium: time to interactive on localhost,
// the gzipped size of what the page loads, and the per-frame work (steps plus
// drawing all four charts) while playing on a 2-D set of 1,000 points, alone and
// with a comparison running.
// Prints its figures; asserts nothing (these machines are shared and noisy).
// Run after ./scripts/dist (it builds www/pkg too):  cd tests/e2e && node bench.mjs
// `node bench.mjs --start` prints the size and the times to interactive alone.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, launch, openLab, root, shots, kidCreative } from './harness.mjs';

const startOnly = process.argv.includes('--start');
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// What a static host serves: dist/ (scripts/dist: the modules bundled and minified,
// the wasm through wasm-opt when binaryen could be installed), gzipped as hosts do.
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'index.html'))) throw new Error('run ./scripts/dist first: the benchmark measures the published dist/');
const walk = (dir) => readdirSync(join(dist, dir)).flatMap((name) => {
  const path = dir ? `${dir}/${name}` : name;
  return statSync(join(dist, path)).isDirectory() ? walk(path) : [path];
});
let total = 0;
console.log('Size of dist/ (gzip -6):');
for (const file of walk('')) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 6 }).length;
  total += gz;
  console.log(`  ${file.padEnd(32)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB raw  ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped`);
}
console.log(`  total gzipped: ${(total / 1024).toFixed(1)} KB (target 200 KB)`);

const server = await serve();
let browser;
try {
  browser = await launch();
  // The published page (dist/) and the development one (www/, a module per file).
  const published = await serve(dist);
  try {
    for (const [what, url] of [['dist/, published', published.url], ['www/, unbundled', server.url]]) {
      const ready = [];
      for (let i = 0; i < 7; i++) {
        const { page, context } = await openLab(browser, url);
        ready.push(await page.evaluate(() => window.neuronLab.readyAt));
        await context.close();
      }
      console.log(
        `Time to interactive, ${what} (navigation start to first charts drawn, 7 loads): ` +
          `median ${percentile(ready, 50).toFixed(0)} ms, max ${Math.max(...ready).toFixed(0)} ms${what.startsWith('dist') ? ' (target 300 ms)' : ''}`,
      );
    }
  } finally {
    published.stop();
  }
  if (startOnly) {
    await browser.close();
    server.stop();
    process.exit(0);
  }

  const { page, context } = await openLab(browser, server.url);
  await page.getByRole('spinbutton', { name: 'Points' }).fill('1000');
  await page.getByRole('combobox', { name: 'Built-in data set' }).selectOption('overlapping');
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Epsilon ε' }).dispatchEvent('change');
  for (const stepsPerFrame of [1, 10]) {
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('spinbutton', { name: 'steps/frame' }).fill(String(stepsPerFrame));
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => window.neuronLab.frameTimes.length >= 300, null, { timeout: 120000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const times = await page.evaluate(() => window.neuronLab.frameTimes.slice(0, 300));
    console.log(
      `Playing, 1,000 points (667 training), all charts and tables, ${stepsPerFrame} step(s)/frame, 300 frames: ` +
        `median ${percentile(times, 50).toFixed(2)} ms, 95th percentile ${percentile(times, 95).toFixed(2)} ms per frame`,
    );
  }
  await page.screenshot({ path: join(shots, 'bench-1000-points.png') });
  // The same with the objective surface in place of the objective per step: a coarse
  // grid (a pass over the training rows a node) computed every frame.
  await page.getByRole('button', { name: 'surface', exact: true }).click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('spinbutton', { name: 'steps/frame' }).fill('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.neuronLab.frameTimes.length >= 300, null, { timeout: 120000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const surfaced = await page.evaluate(() => window.neuronLab.frameTimes.slice(0, 300));
  console.log(
    `Playing, 1,000 points, the objective surface shown (its coarse grid), 1 step/frame, 300 frames: ` +
      `median ${percentile(surfaced, 50).toFixed(2)} ms, 95th percentile ${percentile(surfaced, 95).toFixed(2)} ms per frame`,
  );
  await page.screenshot({ path: join(shots, 'bench-1000-points-surface.png') });
  await page.getByRole('button', { name: 'per step', exact: true }).click();
  // With a projector window following (issue 12): the lab window's frames, and the time
  // from its message to the projector window's charts drawn (its own process, 1280x720).
  const [projector] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Projector window' }).click()]);
  await projector.setViewportSize({ width: 1280, height: 720 });
  await projector.waitForSelector('body[data-ready=true]');
  await projector.waitForFunction(() => /^t = /.test(document.getElementById('status').textContent));
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.neuronLab.frameTimes.length >= 300, null, { timeout: 120000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const followed = await page.evaluate(() => window.neuronLab.frameTimes.slice(0, 300));
  const syncs = await page.evaluate(() => window.neuronLab.projectorSyncTimes());
  const lags = (await projector.evaluate(() => window.neuronLab.projectorLags())).slice(-200);
  const [waits, works, totals] = [lags.map((l) => l.wait), lags.map((l) => l.work), lags.map((l) => l.wait + l.work)];
  console.log(
    `Playing, 1,000 points, a projector window following, 1 step/frame, 300 frames: lab window median ${percentile(followed, 50).toFixed(2)} ms per frame ` +
      `and ${percentile(syncs, 50).toFixed(2)} ms (95th percentile ${percentile(syncs, 95).toFixed(2)}) to send each step; ` +
      `projector window, message to charts drawn (last 200): median ${percentile(totals, 50).toFixed(1)} ms, 95th percentile ${percentile(totals, 95).toFixed(1)} ms ` +
      `(delivery ${percentile(waits, 50).toFixed(1)} ms, drawing ${percentile(works, 50).toFixed(1)} ms, medians)`,
  );
  await projector.close();
  // The same with a comparison running: a second neuron and its panel (two boundary
  // and two objective charts, the comparison table), one step a frame.
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('logistic-se');
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('spinbutton', { name: 'steps/frame' }).fill('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.neuronLab.frameTimes.length >= 300, null, { timeout: 120000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const compared = await page.evaluate(() => window.neuronLab.frameTimes.slice(0, 300));
  console.log(
    `Playing, 1,000 points, comparing with logistic-se (its panel shown), 1 step/frame, 300 frames: ` +
      `median ${percentile(compared, 50).toFixed(2)} ms, 95th percentile ${percentile(compared, 95).toFixed(2)} ms per frame`,
  );
  await page.screenshot({ path: join(shots, 'bench-1000-points-compare.png') });
  await context.close();

  // Run to convergence on KidCreative, all rows, epsilon 1e-12: the whole run against
  // the time spent stepping in it (five seeds, each a fresh run).
  const kid = await openLab(browser, server.url);
  await kid.page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await kid.page.getByRole('combobox', { name: 'Target column' }).selectOption('Buy');
  await kid.page.getByRole('button', { name: 'Use this data' }).click();
  await kid.page.waitForFunction(() => !window.neuronLab.reading);
  await kid.page.getByRole('slider', { name: 'Train fraction' }).fill('1');
  await kid.page.getByRole('slider', { name: 'Train fraction' }).dispatchEvent('change');
  await kid.page.getByRole('spinbutton', { name: 'Epsilon ε' }).fill('1e-12');
  await kid.page.getByRole('spinbutton', { name: 'Epsilon ε' }).dispatchEvent('change');
  const runs = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    await kid.page.getByRole('spinbutton', { name: 'Seed' }).fill(String(seed));
    await kid.page.getByRole('spinbutton', { name: 'Seed' }).dispatchEvent('change');
    await kid.page.getByRole('button', { name: 'Run to convergence' }).click();
    await kid.page.waitForFunction(() => !window.neuronLab.running && window.neuronLab.lastRun, null, { timeout: 60000 });
    runs.push(await kid.page.evaluate(() => window.neuronLab.lastRun));
  }
  const steps = await kid.page.evaluate(() => window.neuronLab.step);
  const ratio = runs.map((r) => r.ms / r.steppingMs);
  console.log(
    `Run to convergence, KidCreative (673 rows, epsilon 1e-12, ${steps} steps at the last seed), 5 seeds: ` +
      `median ${percentile(runs.map((r) => r.ms), 50).toFixed(0)} ms in all, ${percentile(runs.map((r) => r.steppingMs), 50).toFixed(0)} ms stepping (in the worker); ` +
      `run / stepping median ${percentile(ratio, 50).toFixed(2)} (max ${Math.max(...ratio).toFixed(2)})`,
  );
  await kid.context.close();

  // A 1,000,000 x 17 file (16 features and the class): read in the worker, then used.
  const wide = mkdtempSync(join(tmpdir(), 'neuron-lab-bench-'));
  try {
    const path = join(wide, 'rows-1m-x17.csv');
    const header = [...Array.from({ length: 16 }, (_, j) => `x${j + 1}`), 'y'].join(',');
    const chunks = [`${header}\n`];
    for (let i = 0; i < 1_000_000; i++) {
      const x = Array.from({ length: 16 }, (_, j) => (((Math.sin(i * 12.9898 + j * 78.233) * 43758.5453) % 1) * 3).toFixed(4));
      chunks.push(`${x.join(',')},${Number(x[0]) + 0.5 * Number(x[1]) > 0 ? 1 : 0}\n`);
    }
    writeFileSync(path, chunks.join(''));
    const size = statSync(path).size;
    const wideLab = await openLab(browser, server.url);
    const before = await wideLab.page.evaluate(() => window.neuronLab.memoryBytes);
    const start = Date.now();
    await wideLab.page.getByLabel('Upload CSV').setInputFiles(path);
    await wideLab.page.waitForFunction(() => !window.neuronLab.reading, null, { timeout: 120000 });
    const previewed = Date.now() - start;
    // The longest gap between animation frames from the click until a second after the rows are drawn.
    await wideLab.page.evaluate(() => {
      window.benchGaps = { longest: 0, on: true };
      let last = performance.now();
      const frame = (now) => {
        window.benchGaps.longest = Math.max(window.benchGaps.longest, now - last);
        last = now;
        if (window.benchGaps.on) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const useStart = Date.now();
    await wideLab.page.getByRole('button', { name: 'Use this data' }).click();
    await wideLab.page.waitForFunction(() => /1000000 rows/.test(document.getElementById('data-summary').textContent), null, { timeout: 120000 });
    const used = Date.now() - useStart;
    await wideLab.page.waitForTimeout(1000);
    const longest = await wideLab.page.evaluate(() => ((window.benchGaps.on = false), window.benchGaps.longest));
    const after = await wideLab.page.evaluate(() => window.neuronLab.memoryBytes);
    console.log(
      `Loading 1,000,000 rows x 17 columns (${(size / 1e6).toFixed(0)} MB) in the worker: previewed in ${previewed} ms, "Use this data" ${used} ms ` +
        `(longest gap between frames ${longest.toFixed(0)} ms, target 100); ` +
        `the page's wasm memory ${(before / 1e6).toFixed(0)} -> ${(after / 1e6).toFixed(0)} MB (${(after / size).toFixed(2)} x the file)`,
    );
    // The worker's readCsv (parse, shuffle, split, standardize, the arrays handed out),
    // timed here in the page's own wasm on the same bytes, three times.
    await wideLab.page.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-file', hidden: true });
      document.body.append(input);
    });
    await wideLab.page.setInputFiles('#bench-file', path);
    const reads = await wideLab.page.evaluate(async () => {
      const { readCsv } = await import(new URL('www/pkg/neuron_lab.js', location.href));
      const bytes = new Uint8Array(await document.getElementById('bench-file').files[0].arrayBuffer());
      const settings = { ...window.neuronLab.settings };
      const times = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        readCsv(bytes, 'y', [], undefined, settings, () => {});
        times.push(performance.now() - start);
      }
      return times;
    });
    console.log(`  readCsv on those bytes in the page's wasm (parse, prepare, arrays out), 3 runs: ${reads.map((t) => t.toFixed(0)).join(', ')} ms (target: parsing in 1.5 s)`);
    await wideLab.context.close();
  } finally {
    rmSync(wide, { recursive: true, force: true });
  }

  // Playing on 100,000 rows (two features, two classes): the charts draw a sample.
  const dir = mkdtempSync(join(tmpdir(), 'neuron-lab-bench-'));
  try {
    const rows = ['x1,x2,class'];
    for (let i = 0; i < 100000; i++) {
      const c = i % 2;
      const u = Math.sin(i * 12.9898) * 43758.5453;
      const v = Math.sin(i * 78.233) * 12345.6789;
      rows.push(`${(c ? 1 : -1) + 2 * (u - Math.floor(u) - 0.5)},${(c ? 0.5 : -0.5) + 2 * (v - Math.floor(v) - 0.5)},${c}`);
    }
    writeFileSync(join(dir, 'rows-100k.csv'), `${rows.join('\n')}\n`);
    const big = await openLab(browser, server.url);
    // Loading it: the file read and previewed, then "Use this data" (from the click to
    // the new data set's summary on the page).
    const loadStart = Date.now();
    await big.page.getByLabel('Upload CSV').setInputFiles(join(dir, 'rows-100k.csv'));
    await big.page.getByRole('button', { name: 'Use this data' }).waitFor();
    const previewed = Date.now() - loadStart;
    const useStart = Date.now();
    await big.page.getByRole('button', { name: 'Use this data' }).click();
    await big.page.waitForFunction(() => /100000 rows/.test(document.getElementById('data-summary').textContent), null, { timeout: 60000 });
    console.log(`Loading 100,000 rows x 3 columns (${(rows.join('\n').length / 1e6).toFixed(1)} MB): read and previewed in ${previewed} ms, "Use this data" ${Date.now() - useStart} ms`);
    await big.page.getByRole('spinbutton', { name: 'Epsilon ε' }).fill('0');
    await big.page.getByRole('spinbutton', { name: 'Epsilon ε' }).dispatchEvent('change');
    await big.page.getByRole('button', { name: 'Play' }).click();
    await big.page.waitForFunction(() => window.neuronLab.frameTimes.length >= 60, null, { timeout: 120000 });
    await big.page.getByRole('button', { name: 'Pause' }).click();
    const times = await big.page.evaluate(() => window.neuronLab.frameTimes.slice(0, 60));
    const median = percentile(times, 50);
    console.log(
      `Playing, 100,000 rows (2,000 drawn), one step a frame, 60 frames: median ${median.toFixed(1)} ms, ` +
        `95th percentile ${percentile(times, 95).toFixed(1)} ms per frame (${(1000 / median).toFixed(0)} frames a second of work)`,
    );
    await big.page.screenshot({ path: join(shots, 'bench-100k-rows.png') });
    await big.context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  try {
    await browser?.close();
  } finally {
    server.stop();
  }
}
