// Offline after the first visit: the published page (dist/, which scripts/dist gives a
// service worker and marks with <meta name="neuron-lab-offline">) registers sw.js.
// The development page (www/) has no worker file and registers none.
export function registerOffline() {
  const marker = document.querySelector('meta[name="neuron-lab-offline"]');
  if (!marker || !('serviceWorker' in navigator)) return;
  // Offline use is an addition: a page whose worker could not be registered still works.
  navigator.serviceWorker.register(marker.content, { scope: './' }).catch(() => {});
}
