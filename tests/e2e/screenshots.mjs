// Takes the README's screenshots from a running app: node screenshots.mjs [base-url]
import { chromium } from '@playwright/test';

const base = process.argv[2] || 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function shoot(name, viewport, user, path) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('pageerror', e => console.log(name, 'pageerror', e.message.slice(0, 300)));
  page.on('console', m => m.type() === 'error' && console.log(name, 'console', m.text().slice(0, 300)));
  await page.goto(`${base}/login`);
  if (user) {
    await page.getByTestId('username').fill(user);
    await page.getByTestId('password').fill('demo2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  }
  if (path) {
    await page.goto(`${base}${path}`);
  }
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached' });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: !user || viewport.width < 500 });
  await page.close();
}

await shoot('login', { width: 1100, height: 640 });
await shoot('home-center', { width: 1100, height: 900 }, 'center');
await shoot('home-teacher-phone', { width: 390, height: 844 }, 'teacher');
await shoot('mentor-log-phone', { width: 390, height: 844 }, 'mentor', '/mentoring/log');
await shoot('mentor-mentees-phone', { width: 390, height: 844 }, 'mentor', '/mentoring');
await shoot('coordinator-pairings', { width: 1280, height: 900 }, 'coordinator', '/pairings');
await shoot('teacher-hours-phone', { width: 390, height: 844 }, 'teacher', '/hours');
await shoot('coordinator-claim-review', { width: 1280, height: 900 }, 'coordinator', '/hours/review');
await shoot('center-award-preview', { width: 1280, height: 900 }, 'center', '/events');
await shoot('mentor-growth-phone', { width: 390, height: 844 }, 'mentor', '/growth');
await shoot('center-candidates', { width: 1280, height: 900 }, 'center', '/ladder/candidates');
await shoot('center-dual', { width: 1280, height: 900 }, 'center', '/dual');
await shoot('center-stats', { width: 1280, height: 1100 }, 'center', '/stats?view=hours');
await browser.close();
