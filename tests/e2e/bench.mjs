// The page's benchmark, in headless Chromium: time to interactive on localhost,
// the gzipped size of what the page loads, and the per-frame work (steps plus
// drawing all four charts) while playing on a 2-D set of 1,000 points.
// Prints its figures; asserts nothing (these machines are shared and noisy).
// Run after ./scripts/build-web:  cd tests/e2e && node bench.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, launch, openLab, root, shots } from './harness.mjs';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// Everything the page loads: index.html and www/** (what scripts/dist publishes).
const walk = (dir) => readdirSync(join(root, dir)).flatMap((name) => {
  const path = `${dir}/${name}`;
  return statSync(join(root, path)).isDirectory() ? walk(path) : [path];
});
const files = ['index.html', ...walk('www')];
let total = 0;
console.log('Size (gzip -6):');
for (const file of files) {
  const bytes = readFileSync(join(root, file));
  const gz = gzipSync(bytes, { level: 6 }).length;
  total += gz;
  console.log(`  ${file.padEnd(32)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB raw  ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped`);
}
console.log(`  total gzipped: ${(total / 1024).toFixed(1)} KB`);

const server = await serve();
let browser;
try {
  browser = await launch();
  const ready = [];
  for (let i = 0; i < 7; i++) {
    const { page, context } = await openLab(browser, server.url);
    ready.push(await page.evaluate(() => window.neuronLab.readyAt));
    await context.close();
  }
  console.log(`Time to interactive (navigation start to first charts drawn, 7 loads): median ${percentile(ready, 50).toFixed(0)} ms, max ${Math.max(...ready).toFixed(0)} ms`);

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
  await context.close();
} finally {
  try {
    await browser?.close();
  } finally {
    server.stop();
  }
}
