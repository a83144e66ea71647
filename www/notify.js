// The error and notice bars, drawn over the bottom of the page so that nothing
// moves when they come and go.
import { $ } from './dom.js';

let noticeTimer = null;

export function showError(error) {
  let message = error && error.message ? error.message : String(error);
  if (window.neuronLabPanic) {
    message = `Internal error: ${window.neuronLabPanic}. Please reload the page (the details are in the console).`;
  }
  $('error-text').textContent = message;
  $('error').hidden = false;
}

export function clearError() {
  $('error').hidden = true;
}

// A notice stays 12 s (or until the next one, or its ×).
export function showNotice(text) {
  clearTimeout(noticeTimer);
  $('notice-text').textContent = text || '';
  $('notice').hidden = !text;
  if (text) noticeTimer = setTimeout(() => ($('notice').hidden = true), 12000);
}

// Runs `action`, showing its error in the page; returns its result, or undefined after an error.
export function guarded(action) {
  try {
    const result = action();
    clearError();
    return result;
  } catch (error) {
    showError(error);
    return undefined;
  }
}

export function wireMessages() {
  $('error-close').addEventListener('click', clearError);
  $('notice-close').addEventListener('click', () => showNotice(''));
}
