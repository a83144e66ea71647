// Files in: the upload and classify pickers, and a CSV dropped anywhere on the
// page (never left to the browser, which would open it and lose the lab).
import { $ } from './dom.js';
import { previewFile, classifyFile } from './actions/files.js';

function fromPicker(id, use) {
  $(id).addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) use(file);
    event.target.value = '';
  });
}

const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');

export function wireUpload() {
  fromPicker('csv-file', previewFile);
  fromPicker('classify-file', classifyFile);
  const overlay = $('drop-overlay');
  let depth = 0;
  document.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    depth += 1;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = event.dataTransfer.files[0];
    if (file) previewFile(file);
  });
}
