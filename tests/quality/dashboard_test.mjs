// The dashboard end to end in headless Chromium (Debian's, driven by playwright-core):
// a 10-day small world with a volume drop, audited, served by `hindsight dashboard`;
// the page draws the history (with the violation marked), the week overlay and the two
// days' histograms from the stored profiles, switches attribute, and a screenshot of
// the charts is written.
//
// usage: node tests/quality/dashboard_test.mjs PATH/TO/hindsight SCREENSHOT.png
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [hindsight, screenshot] = process.argv.slice(2);
const CHROMIUM = process.env.HINDSIGHT_CHROMIUM || '/usr/bin/chromium';
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

function run(args, okCodes = [0]) {
  const result = spawnSync(hindsight, args, { encoding: 'utf8' });
  if (!okCodes.includes(result.status)) {
    throw new Error(`hindsight ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Pixels of a canvas that are not blank, and of those how many are the violation red.
async function canvasInk(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    if (!canvas) return { ink: 0, red: 0 };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      ink += 1;
      if (data[i] - data[i + 1] > 30 && data[i] - data[i + 2] > 25) red += 1;
    }
    return { ink, red };
  }, selector);
}

const dir = mkdtempSync(join(tmpdir(), 'hindsight_dashboard_'));
let server;
let browser;
try {
  const store = join(dir, 'store');
  run(['workload', '--out', join(dir, 'world'), '--scale', 'small', '--days', '10', '--store', store,
       '--inject', 'drop@d8:h10']);
  run(['ingest', store]);
  run(['audit', store, '--rules', 'examples/netflix/audits.yaml', '--to', '2026-11-12T00:00:00Z'], [1]);

  const port = await freePort();
  server = spawn(hindsight, ['dashboard', store, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => { if (String(chunk).includes('dashboard of')) resolve(); });
    server.on('exit', (code) => reject(new Error(`dashboard exited ${code}`)));
    setTimeout(() => reject(new Error('dashboard did not start in 60 s')), 60000);
  });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.hindsightDashboard.ready || window.hindsightDashboard.error,
                             null, { timeout: 60000 });
  const state = await page.evaluate(() => window.hindsightDashboard);
  check('page drew without error', state.ready && !state.error, JSON.stringify(state));
  check('history has every hour of the 10 days', state.drawn.history === 240, JSON.stringify(state.drawn));
  check('week overlay has 168 hours', state.drawn.weeks === 168, JSON.stringify(state.drawn));
  check('histogram has bins', state.drawn.histogram > 0, JSON.stringify(state.drawn));
  check('no script errors', pageErrors.length === 0, pageErrors.join('; '));
  check('nothing fetched from another host',
        requests.every((url) => url.startsWith(`http://127.0.0.1:${port}/`)), requests.join(' '));
  check('three charts', (await page.locator('canvas').count()) === 3);
  const history = await canvasInk(page, '#history canvas');
  check('history chart is drawn', history.ink > 5000, JSON.stringify(history));
  check('the drop violation is marked in red on the time axis', history.red > 200, JSON.stringify(history));
  const rows = await page.locator('#audits tbody tr').count();
  check('the audit violation is listed', rows >= 1, `${rows} rows`);
  const firstRow = await page.locator('#audits tbody tr').first().innerText();
  check('the listed violation names the drop hour and rule',
        firstRow.includes('2026-11-10T10:00') && firstRow.includes('hourly_volume'), firstRow);
  for (const id of ['weeks', 'histogram']) {
    const ink = await canvasInk(page, `#${id} canvas`);
    check(`${id} chart is drawn`, ink.ink > 3000, JSON.stringify(ink));
  }

  // Another attribute and metric: the page asks the server again and redraws.
  await page.selectOption('#attribute', 'facts.subscriber.kids');
  await page.selectOption('#metric', 'mean');
  await page.waitForFunction(() => window.hindsightDashboard.ready, null, { timeout: 60000 });
  const kids = await page.evaluate(async () => {
    const response = await fetch('/api/series?attribute=facts.subscriber.kids&metric=mean&period=hour');
    const body = await response.json();
    return body.values.filter((v) => v !== null).length;
  });
  check('kids mean has a value for every hour', kids === 240, `${kids}`);
  const kidsHistogram = await canvasInk(page, '#histogram canvas');
  check('kids histogram is drawn', kidsHistogram.ink > 2000, JSON.stringify(kidsHistogram));
  const bad = await page.evaluate(async () => (await fetch('/api/series?attribute=_records&metric=p101')).status);
  check('a bad metric is a 400', bad === 400, `${bad}`);

  await page.selectOption('#attribute', '_records');
  await page.selectOption('#metric', 'count');
  await page.waitForFunction(() => window.hindsightDashboard.ready, null, { timeout: 60000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  check('screenshot written', statSync(screenshot).size > 30000, `${statSync(screenshot).size} bytes`);
  console.log(`screenshot: ${screenshot}`);
} catch (error) {
  failed += 1;
  console.log(`FAIL ${error.stack || error}`);
} finally {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
