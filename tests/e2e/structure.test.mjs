// The front end's shape (no browser): ES modules with one concern each, arrows in
// one direction (no import cycle), no file over about 300 lines, no innerHTML
// with data, and dist/ carrying the published page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { root } from './paths.mjs';

const www = join(root, 'www');
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'pkg') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const modules = files(www).filter((f) => f.endsWith('.js'));

test('no module is over 300 lines', () => {
  for (const file of modules) {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    assert.ok(lines <= 300, `${relative(root, file)} has ${lines} lines`);
  }
});

test('imports form no cycle', () => {
  const graph = new Map();
  for (const file of modules) {
    const source = readFileSync(file, 'utf8');
    const imports = [...source.matchAll(/^import [^;]*? from '(\.[^']+)';/gms)].map((m) => resolve(dirname(file), m[1]));
    graph.set(file, imports.filter((i) => !i.includes('/pkg/')));
  }
  const done = new Set();
  const visit = (file, path) => {
    assert.ok(!path.includes(file), `import cycle: ${[...path, file].map((f) => relative(www, f)).join(' -> ')}`);
    if (done.has(file)) return;
    for (const next of graph.get(file) || []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of modules) visit(file, []);
});

test('no innerHTML but the lecture\'s own formula markup', () => {
  const uses = modules.flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/innerHTML|outerHTML|insertAdjacentHTML/.test(line) ? [`${relative(root, file)}:${i + 1}`] : [])),
  );
  assert.deepEqual(uses.map((u) => u.split(':')[0]), ['www/lecture.js'], uses.join(', '));
});

test('dist/ carries the page: index.html, its bundled entry points, the style, the icon and the wasm', { skip: !existsSync(join(root, 'dist')) && 'run scripts/dist first' }, () => {
  for (const file of ['index.html', 'www/app.js', 'www/worker.js', 'www/style.css', 'www/icon.svg', 'www/boot.js', 'www/pkg/neuron_lab_bg.wasm']) {
    assert.ok(existsSync(join(root, 'dist', file)), `${file} is in dist/`);
  }
  // The bundles import only what dist/ holds (their shared chunk).
  for (const entry of ['www/app.js', 'www/worker.js']) {
    const source = readFileSync(join(root, 'dist', entry), 'utf8');
    for (const [, path] of source.matchAll(/from\s*"(\.[^"]+)"/g)) {
      assert.ok(existsSync(resolve(root, 'dist', dirname(entry), path)), `${entry} imports ${path}, which dist/ lacks`);
    }
  }
});
