// Shared by the end-to-end tests and the benchmark: serve the project root on
// 127.0.0.1 with python3's http.server and drive Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { root } from './paths.mjs';
export { root };
export const shots = join(root, 'target', 'e2e');
export const dataDir = process.env.NEURON_LAB_DATA || resolve(root, '../shared/data');
export const kidCreative = join(dataDir, 'KidCreative.csv');
mkdirSync(shots, { recursive: true });

// Serves `dir` (the project root by default) on 127.0.0.1, on a port the system
// gives this server alone (port 0): never another process's server by chance.
export async function serve(dir = root) {
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the static server did not start: ${seen}`)), 10000);
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = / port (\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.on('exit', (code) => reject(new Error(`the static server exited (${code}): ${seen}`)));
  }).catch((error) => {
    server.kill();
    throw error;
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return { url, stop: () => server.kill() };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the static server did not answer on ${url}`);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A page with the lab loaded; collects console errors (CSP violations among them),
// page errors and any request that leaves the page's own origin.
export async function openLab(browser, url, { width = 1280, height = 720, scale = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, acceptDownloads: true });
  // Every test fails on a Content-Security-Policy violation: it is logged as a console error.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`foreign request: ${u}`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  return { page, context, problems };
}

// For a test file: one server and one browser for all its tests. Returns
// `lab()`, which opens a fresh page with the lab loaded (see openLab).
export function labSuite() {
  let server;
  let browser;
  before(async () => {
    server = await serve();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.stop();
  });
  return {
    lab: (options) => openLab(browser, server.url, options),
    at: (url, options) => openLab(browser, url, options),
  };
}
