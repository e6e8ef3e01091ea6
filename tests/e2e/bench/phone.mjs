// The phone profile of issue 15, measured in Chromium through the DevTools protocol: 4G-like
// network (1.6 Mbps down, 750 kbps up, 150 ms round trip), CPU slowed 4x, 390x844, a cold
// cache each load. Prints, per page, the p50 of RUNS loads and the bytes a cold visit moves.
// Usage: node bench/phone.mjs <base-url>   (RUNS=5 by default; the demo district's logins)
import { chromium } from '@playwright/test';

const base = process.argv[2] || 'http://127.0.0.1:3000';
const runs = Number(process.env.RUNS || 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function kindOf(url) {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  return 'other';
}

/**
 * One cold load of `path` as `user` on the phone profile: until the page is fully shown and its
 * island live (with the bytes it moved), or with `record`, until a session is recorded.
 */
async function load(user, path, record = false) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN',
  });
  if (user) {
    const res = await context.request.post(`${base}/api/login`, {
      form: { username: user, password: 'demo2026' },
      headers: { Accept: 'application/json', Origin: base },
    });
    if (!res.ok()) throw new Error(`login ${user}: ${res.status()}`);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const urls = new Map();
  const bytes = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
  cdp.on('Network.responseReceived', e => urls.set(e.requestId, [e.type, e.response.url]));
  cdp.on('Network.loadingFinished', e => {
    const [type, url] = urls.get(e.requestId) || [];
    if (!url) return;
    bytes[type === 'Document' ? 'html' : kindOf(url)] += e.encodedDataLength;
  });
  const t0 = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
  const html = Date.now() - t0;
  if (record) {
    // As soon as the form is on the screen (a plain form posts without JavaScript): a tap on
    // a kind and one on save, then the page that says the session was saved.
    await page.getByTestId('save-session').waitFor();
    const usable = Date.now() - t0;
    await page.getByTestId('kind-observe_mentee').tap();
    await page.getByTestId('save-session').tap();
    await page.getByTestId('saved').waitFor();
    const recorded = Date.now() - t0;
    await context.close();
    return { usable, recorded };
  }
  await page.waitForLoadState('load');
  const usable = Date.now() - t0;
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
  const island = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  await context.close();
  return { html, usable, island, bytes };
}

const pages = [
  ['login page', null, '/login'],
  ['mentor /mentoring/log', 'mentor', '/mentoring/log'],
  ['teacher /growth', 'teacher', '/growth'],
  ['teacher /hours/claim', 'teacher', '/hours/claim'],
  ['center /stats?view=attention', 'center', '/stats?view=attention'],
  ['center /stats?view=mentoring', 'center', '/stats?view=mentoring'],
];

const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`phone profile, p50 of ${runs} cold loads (ms): HTML parsed, page fully shown, island live;`);
console.log('bytes on the wire of one cold visit. The session form: on screen, and recorded after two taps.');
console.log(pad('page', 30) + num('html', 7) + num('shown', 7) + num('island', 8) + num('js+wasm B', 11) + num('html B', 9) + num('css B', 8));
for (const [name, user, path] of pages) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await load(user, path));
  const p = k => median(results.map(r => r[k]));
  const b = results[0].bytes;
  console.log(pad(name, 30) + num(p('html'), 7) + num(p('usable'), 7) + num(p('island'), 8)
    + num(b.js + b.wasm, 11) + num(b.html, 9) + num(b.css, 8));
}
const taps = [];
for (let i = 0; i < runs; i++) taps.push(await load('mentor', '/mentoring/log', true));
console.log(`\n/mentoring/log: form on screen ${median(taps.map(r => r.usable))} ms, session recorded ${median(taps.map(r => r.recorded))} ms (p50 of ${runs})`);
await browser.close();
