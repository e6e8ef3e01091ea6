// Takes the README's screenshots from a running app: node screenshots.mjs [base-url]
import { chromium } from '@playwright/test';

const base = process.argv[2] || 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function shoot(name, viewport, user) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  await page.goto(`${base}/login`);
  if (user) {
    await page.getByTestId('username').fill(user);
    await page.getByTestId('password').fill('demo2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  }
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: !user || viewport.width < 500 });
  await page.close();
}

await shoot('login', { width: 1100, height: 640 });
await shoot('home-center', { width: 1100, height: 900 }, 'center');
await shoot('home-teacher-phone', { width: 390, height: 844 }, 'teacher');
await browser.close();
