import { expect, test } from '@playwright/test';
import { hydrated } from './helpers';

test.describe('site', () => {
  test('a first visit loads every resource, the site icon included, without a console error', async ({ page, request }) => {
    const failed: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') failed.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto('/login');
    await hydrated(page);
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toBeTruthy();
    for (const path of [icon!, '/favicon.ico']) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-type']).toMatch(/^image\//);
    }
    expect(failed).toEqual([]);
  });
});
