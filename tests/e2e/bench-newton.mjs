// Newton's method in the page on KidCreative (all rows, standardized, bias): the time
// to fit to a gradient norm below 1e-8 (epsilon 1e-12 stops one step after it), by
// "Run to convergence", ten seeds: the whole run (click to the last step drawn) and
// the worker's time stepping in it (WebAssembly). Prints its figures:
// `node bench-newton.mjs`. Beside benches/sklearn_kidcreative.py and
// `cargo bench --bench newton`.
import { serve, launch, openLab, kidCreative } from './harness.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const server = await serve();
let browser;
try {
  browser = await launch();
  const { page } = await openLab(browser, server.url);
  const spin = async (name, value) => {
    await page.getByRole('spinbutton', { name }).fill(value);
    await page.getByRole('spinbutton', { name }).dispatchEvent('change');
  };
  await page.getByLabel('Upload CSV').setInputFiles(kidCreative);
  await page.waitForFunction(() => !window.neuronLab.reading);
  await page.getByRole('combobox', { name: 'Target column' }).selectOption('Buy');
  await page.getByRole('button', { name: 'Use this data' }).click();
  await page.waitForFunction(() => !window.neuronLab.reading);
  await page.getByRole('slider', { name: 'Train fraction' }).fill('1');
  await page.getByRole('slider', { name: 'Train fraction' }).dispatchEvent('change');
  await spin('Epsilon ε', '1e-12');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('newton');
  const runs = [];
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    await spin('Seed', String(seed));
    await page.getByRole('button', { name: 'Run to convergence' }).click();
    await page.waitForFunction(() => !window.neuronLab.running && window.neuronLab.lastRun, null, { timeout: 60000 });
    const run = await page.evaluate(() => window.neuronLab.lastRun);
    const status = await page.locator('#status').textContent();
    const norm = Number(/‖∇‖ = ([-\d.e+]+)/.exec(status)[1]);
    if (!(norm < 1e-8)) throw new Error(`seed ${seed}: ${status}`);
    runs.push({ ...run, steps: await page.evaluate(() => window.neuronLab.step) });
  }
  console.log(
    `Newton in the page, KidCreative (673 rows x 17, all rows), to gradient norm < 1e-8, 10 seeds ` +
      `(${Math.min(...runs.map((r) => r.steps))} to ${Math.max(...runs.map((r) => r.steps))} steps): ` +
      `worker stepping median ${median(runs.map((r) => r.steppingMs)).toFixed(2)} ms (fastest ${Math.min(...runs.map((r) => r.steppingMs)).toFixed(2)}), ` +
      `whole run median ${median(runs.map((r) => r.ms)).toFixed(1)} ms (fastest ${Math.min(...runs.map((r) => r.ms)).toFixed(1)})`,
  );
} finally {
  try {
    await browser?.close();
  } finally {
    server.stop();
  }
}
