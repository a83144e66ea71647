// The kernel in the browser: one logistic trainer step on 1,000,000 training rows of
// 16 features and the bias (17 values a row, like KidCreative), through the page's own
// wasm (www/pkg, built by ./scripts/build-web) in headless Chromium, printed as ns per
// row-feature beside `cargo bench --bench step`'s "trainer step/1000000" (the same
// shape: N training rows, N/2 validation rows; time / (N * 17)).
// Prints its figures; asserts nothing (these machines are shared and noisy).
// Run:  cd tests/e2e && node bench-kernel.mjs [rows]
import { serve, launch } from './harness.mjs';

const trainRows = Number(process.argv[2] || 1_000_000);
const features = 16;
const steps = 12;

const server = await serve();
let browser;
try {
  browser = await launch();
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  const result = await page.evaluate(async ({ trainRows, features, steps }) => {
    const module = await import('/www/pkg/neuron_lab.js');
    await module.default();
    // The rows of benches/step.rs: x uniform in [-2, 2], y = [x1 + x2/2 + noise > 0]; 2/3 train.
    const rows = Math.round(trainRows * 1.5);
    let seed = 1;
    const random = () => {
      // mulberry32: a small deterministic generator, so every run trains on the same file.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const encoder = new TextEncoder();
    const chunks = [encoder.encode(`${Array.from({ length: features }, (_, j) => `x${j + 1}`).join(',')},y\n`)];
    for (let start = 0; start < rows; start += 10000) {
      const lines = [];
      for (let i = start; i < Math.min(rows, start + 10000); i++) {
        const x = Array.from({ length: features }, () => random() * 4 - 2);
        const y = x[0] + 0.5 * x[1] + (random() * 2 - 1) > 0 ? 1 : 0;
        lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${y}\n`);
      }
      chunks.push(encoder.encode(lines.join('')));
    }
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    chunks.length = 0;

    const lab = new module.Lab();
    lab.useRows(new module.Rows(module.readCsv(bytes, 'y', [], null, lab.summary().settings, () => {})), 'kernel.csv');
    const summary = lab.configure({ neuron: 'logistic', epsilon: 0, max_iterations: 1000000 });
    const times = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      lab.step(1);
      times.push(performance.now() - t0);
    }
    return { times, train: summary.train_rows, validation: summary.validation_rows, bytes: bytes.length };
  }, { trainRows, features, steps });

  const sorted = [...result.times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const perRowFeature = (ms) => ((ms * 1e6) / (result.train * (features + 1))).toFixed(2);
  console.log(`wasm (www/pkg) in ${(await browser.version())}: ${result.train} training + ${result.validation} validation rows x ${features + 1} (a ${(result.bytes / 1e6).toFixed(0)} MB CSV)`);
  console.log(`  trainer step, ${steps} steps: median ${median.toFixed(1)} ms (fastest ${sorted[0].toFixed(1)}, slowest ${sorted.at(-1).toFixed(1)})`);
  console.log(`  = ${perRowFeature(median)} ns per row-feature (fastest ${perRowFeature(sorted[0])}); compare cargo bench --bench step, "trainer step/${result.train}" / (N x 17)`);
} finally {
  await browser?.close();
  server.stop();
}
