// Starts compiling the page's WebAssembly while the browser still reads the page: an
// async classic script in index.html's head, run before the modules have loaded.
// app.js's init() takes the compiled module; when this failed (null), or has not
// run, init() fetches and compiles the wasm itself, reporting any error.
window.neuronLabWasm = WebAssembly.compileStreaming(fetch(new URL('pkg/neuron_lab_bg.wasm', document.currentScript.src))).catch(() => null);
