// Browser test: opens `pullaway serve` in headless Chromium, uploads the demo
// export, checks that the verdict and every chart appear, saves screenshots
// (desktop and phone widths), and opens the HTML report file to check that it
// makes no network request of any kind. Screenshots go to a temporary folder;
// with UPDATE_SCREENSHOTS=1 they replace the ones in docs/ (on purpose only).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.PULLAWAY_BIN || join(root, 'target/release/pullaway');
const demo = join(root, 'crates/cli/demo/WhatsApp Chat with Jordan.txt');
const docs = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : mkdtempSync(join(tmpdir(), 'pullaway-shots-'));
let passed = 0, failed = 0;
const check = (name, ok, detail = '') => {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name} ${detail}`); }
};

const server = spawn(bin, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((res, rej) => {
  server.stdout.on('data', d => { const m = String(d).match(/http:\/\/127\.0\.0\.1:\d+\//); if (m) res(m[0]); });
  setTimeout(() => rej(new Error('serve did not print its URL')), 10000);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    const external = [];
    page.on('request', r => { if (!r.url().startsWith(url)) external.push(r.url()); });
    await page.goto(url);
    check(`${label}: upload page`, (await page.textContent('h1')).includes('pulling away'));
    if (label === 'desktop') await page.screenshot({ path: join(docs, 'serve-upload.png') });
    await Promise.all([page.waitForNavigation(), page.setInputFiles('#file', demo)]);
    const verdict = await page.textContent('#verdict');
    check(`${label}: verdict shown`, /pulling away|steady|warming up|both quieter|not enough to judge/.test(verdict), verdict);
    // Every chart the page has (the list lives in crates/render/src/html/mod.rs).
    const ids = await page.locator('figure.chart').evaluateAll(fs => fs.map(f => f.id));
    check(`${label}: four charts or more`, ids.length >= 4, ids.join(' '));
    for (const id of ids) {
      // Wide charts come in two layouts (desktop, phone): the visible one must be drawn.
      const box = await page.locator(`#${id} svg >> visible=true`).boundingBox();
      check(`${label}: ${id} drawn`, box && box.width > 100 && box.height > 50, JSON.stringify(box));
    }
    check(`${label}: next step shown`, (await page.textContent('#next-step')).length > 20);
    check(`${label}: no request left the machine`, external.length === 0, external.join(' '));
    await page.screenshot({ path: join(docs, `serve-${label}.png`), fullPage: true });
    await page.close();
  }
  // The HTML report as a file: it must not fetch anything.
  const dir = mkdtempSync(join(tmpdir(), 'pullaway-'));
  const file = join(dir, 'report.html');
  execFileSync(bin, ['demo', '--format', 'html', '-o', file]);
  for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    const requests = [];
    page.on('request', r => requests.push(r.url()));
    await page.goto('file://' + file);
    const network = requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:'));
    check(`report file (${label}): no network request`, network.length === 0, network.join(' '));
    check(`report file (${label}): verdict`, (await page.textContent('#verdict')).length > 0);
    await page.screenshot({ path: join(docs, `report-${label}.png`), fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`${passed} passed, ${failed} failed; screenshots in ${docs}`);
process.exit(failed ? 1 : 0);
