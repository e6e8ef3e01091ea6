import { expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

async function login(page: Page, user: string) {
  await page.goto('/login');
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
}

/** The groups of the navigation, each with its title and its links' addresses. */
async function groups(page: Page) {
  return page.getByTestId('subnav').locator('.nav-group').evaluateAll((gs) =>
    gs.map((g) => ({
      id: g.getAttribute('data-testid'),
      title: g.querySelector('.nav-group-title')?.textContent ?? '',
      links: [...g.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    })),
  );
}

test.describe('navigation', () => {
  test('a coordinator who teaches finds their own pages apart from the school they manage', async ({ page }) => {
    await login(page, 'coordinator');
    await hydrated(page);
    const g = await groups(page);
    expect(g.map((x) => x.id)).toEqual(['nav-mine', 'nav-school']);
    expect(g[0].title).toBe('我的');
    expect(g[0].links).toEqual(['/growth', '/hours', '/mentoring/sessions']);
    expect(g[1].title).toBe('本校');
    expect(g[1].links).toContain('/stats');
    expect(g[1].links).not.toContain('/hours');
  });

  test('a mentor has a group for their mentees, center staff one for the district', async ({ page, browser }) => {
    await login(page, 'mentor');
    expect((await groups(page)).map((x) => x.id)).toEqual(['nav-mine', 'nav-mentees']);
    const center = await browser.newPage();
    await login(center, 'center');
    expect((await groups(center)).map((x) => x.id)).toEqual(['nav-district']);
    await center.close();
  });

  test.describe('on a 360 px phone', () => {
    test.use({ viewport: { width: 360, height: 740 } });
    for (const user of ['coordinator', 'center']) {
      test(`${user}: every group and link is on screen without sideways scrolling`, async ({ page }) => {
        await login(page, user);
        await hydrated(page);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(360);
        for (const link of await page.getByTestId('subnav').locator('a').all()) {
          const box = await link.boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(360);
        }
      });
    }
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('the grouped links are plain links that work', async ({ page }) => {
      await login(page, 'coordinator');
      await page.getByTestId('nav-mine').getByRole('link', { name: '我的学时' }).click();
      await expect(page).toHaveURL(/\/hours$/);
      await page.getByTestId('nav-school').getByRole('link', { name: '统计' }).click();
      await expect(page).toHaveURL(/\/stats$/);
    });
  });
});
