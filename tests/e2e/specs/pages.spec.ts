import { expect, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

// Every page of every role loads straight from the server and its island goes live without an error.
const PAGES: Record<string, string[]> = {
  center: ['/', '/pairings', '/pairings/behind', '/pairings/behind?all=1', '/quotas', '/teachers/1', '/surveys', '/lists', '/lists?view=table', '/notifications', '/notifications/channels'],
  coordinator: ['/', '/pairings', '/pairings/behind', '/mentoring/sessions', '/surveys', '/lists'],
  mentor: ['/', '/mentoring', '/mentoring/log', '/mentoring/sessions', '/notifications'],
  teacher: ['/', '/mentoring/sessions', '/surveys', '/lists', '/notifications'],
};

for (const [user, paths] of Object.entries(PAGES)) {
  test(`${user}: every page goes live cleanly`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('Failed to load resource')) errors.push(m.text());
    });
    await page.goto('/login');
    await fillLogin(page, user, PASSWORD);
    await expect(page.getByTestId('home')).toBeVisible();
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      await expect(page.locator('h1, [data-testid="home"]').first()).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}
