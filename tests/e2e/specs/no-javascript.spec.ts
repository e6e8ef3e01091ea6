import { expect, test } from '@playwright/test';
import { fillLogin, PASSWORD, ROLES } from './helpers';

// The same journeys with JavaScript off: plain HTML forms, server redirects.
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the login page renders as plain HTML', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('h1')).toHaveText('登录');
    await expect(page.getByTestId('username')).toBeVisible();
    await expect(page.getByTestId('password')).toBeVisible();
  });

  test('a wrong password comes back to the login page with the reason', async ({ page }) => {
    await page.goto('/login');
    await fillLogin(page, 'mentor', 'wrong-password');
    await expect(page).toHaveURL(/\/login\?form=login&error=bad_credentials$/);
    await expect(page.getByRole('alert')).toContainText('账号或密码不正确');
  });

  for (const r of ROLES) {
    test(`${r.user} logs in, reads the home page, switches language and logs out`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/login$/);
      await fillLogin(page, r.user, PASSWORD);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId(r.section).locator('h2').first()).toContainText(r.heading);
      await expect(page.getByTestId('user-role')).toHaveText(r.role);

      await page.getByTestId('lang-switch').click();
      await expect(page.getByTestId(r.section).locator('h2').first()).toContainText(r.headingEn);

      await page.getByTestId('logout').click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.locator('h1')).toHaveText('Log in');
    });
  }
});
