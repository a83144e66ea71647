// Shared by the end-to-end tests and the benchmark: serve the project root on
// 127.0.0.1 with python3's http.server and drive Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
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
  try {
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
    await page.waitForSelector('body[data-ready=true]', { timeout: 20000 }).catch((error) => {
      throw new Error(`${error.message}\nproblems on the page: ${JSON.stringify(problems)}`);
    });
    return { page, context, problems };
  } catch (error) {
    // A page that never became ready does not outlive its test.
    await context.close();
    throw error;
  }
}

// Waits until the page's worker has finished reading a file (its preview, or the data
// set after "Use this data"), as a user waits for the progress bar to go.
export const settled = (page) => page.waitForFunction(() => !window.neuronLab.reading, null, { timeout: 60000 });

// For a test file: one server and one browser for all its tests. Returns
// `test(name, [options,] body)`, one test with its own setup and teardown: it opens
// a fresh page with the lab loaded (see openLab) and calls
//   body({ page, problems, context, open, serve, tmp })
// where open(url, view) opens another page, serve(dir) starts another server and
// tmp() makes a folder under the system's temporary folder. In `finally`, last first,
// every page opened is closed, every server stopped and every folder removed.
// After a body that succeeded, no page may have a problem, unless `allowProblems`
// (the body then checks what it expects itself). Options: width, height, scale for
// the first page; lab: false to open none; others (skip, timeout) go to node:test.
export function labSuite() {
  let server;
  let browser;
  before(async () => {
    server = await serve();
    browser = await launch();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      server?.stop();
    }
  });
  const labTest = (name, options, body) => {
    if (typeof options === 'function') [options, body] = [{}, options];
    const { allowProblems = false, lab = true, width, height, scale, ...testOptions } = options;
    test(name, testOptions, async (t) => {
      const undo = [];
      const pages = [];
      const open = async (url, view) => {
        const opened = await openLab(browser, url, view);
        undo.push(() => opened.context.close());
        pages.push(opened);
        return opened;
      };
      const helpers = {
        open,
        serve: async (dir) => {
          const other = await serve(dir);
          undo.push(() => other.stop());
          return other;
        },
        tmp: () => {
          const dir = mkdtempSync(join(tmpdir(), 'neuron-lab-e2e-'));
          undo.push(() => rmSync(dir, { recursive: true, force: true }));
          return dir;
        },
      };
      const errors = [];
      try {
        const first = lab ? await open(server.url, { width, height, scale }) : {};
        await body({ ...first, ...helpers });
        if (!allowProblems) assert.deepEqual(pages.flatMap((p) => p.problems), []);
      } catch (error) {
        const problems = pages.flatMap((p) => p.problems);
        if (problems.length) t.diagnostic(`problems on the page: ${JSON.stringify(problems)}`);
        throw error;
      } finally {
        for (const step of undo.reverse()) await Promise.resolve().then(step).catch((error) => errors.push(error));
      }
      // Reached only after a body that succeeded: then a failed teardown fails the test.
      if (errors.length) throw errors[0];
    });
  };
  return { test: labTest };
}
