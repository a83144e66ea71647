// Screenshots of the page for a quick look: node shot.mjs [width height scale]
import { serve, launch, openLab, shots } from './harness.mjs';
const [w = 1280, h = 720, s = 1] = process.argv.slice(2).map(Number);
const server = await serve();
let browser;
try {
  browser = await launch();
  const { page, problems } = await openLab(browser, server.url, { width: w, height: h, scale: s });
  await page.getByRole('button', { name: 'Step ×10' }).click();
  await page.screenshot({ path: `${shots}/look-${w}x${h}.png` });
  await page.screenshot({ path: `${shots}/look-full.png`, fullPage: true });
  console.log(problems.join('\n') || 'no problems');
} finally {
  try {
    await browser?.close();
  } finally {
    server.stop();
  }
}
