import { expect, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD, ROLES } from './helpers';

test.describe('with JavaScript', () => {
  for (const r of ROLES) {
    test(`${r.user} logs in, sees the home page in Chinese, switches to English and logs out`, async ({ page }) => {
      await page.goto('/login');
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await fillLogin(page, r.user, PASSWORD);

      await expect(page).toHaveURL(/\/$/);
      const section = page.getByTestId(r.section);
      await expect(section).toBeVisible();
      await expect(section.locator('h2').first()).toContainText(r.heading);
      await expect(page.getByTestId('user-role')).toHaveText(r.role);
      await hydrated(page);

      await page.getByTestId('lang-switch').click();
      await expect(section.locator('h2').first()).toContainText(r.headingEn);
      await expect(page.getByTestId('user-role')).toHaveText(r.roleEn);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');

      // The choice is remembered by the server: a reload stays in English.
      await page.reload();
      await expect(page.getByTestId(r.section).locator('h2').first()).toContainText(r.headingEn);
      await hydrated(page);

      await page.getByTestId('logout').click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByTestId('login-form')).toBeVisible();
      await expect(page.locator('h1')).toHaveText('Log in');
    });
  }

  test('a wrong password is refused with a message and no session', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await fillLogin(page, 'teacher', 'not-the-password');
    await expect(page.getByRole('alert')).toContainText('账号或密码不正确');
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('a mentor opens a mentee record from the home page', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await fillLogin(page, 'mentor', PASSWORD);
    const firstMentee = page.getByTestId('mentee-table').locator('tbody tr a').first();
    const name = await firstMentee.innerText();
    await hydrated(page);
    await firstMentee.click();
    await expect(page).toHaveURL(/\/teachers\/\d+$/);
    await expect(page.getByTestId('teacher-card').locator('h3')).toHaveText(name);
  });

  test('a teacher cannot open another teacher record', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await fillLogin(page, 'teacher', PASSWORD);
    const own = Number(await page.getByTestId('teacher-card').getAttribute('data-teacher-id'));
    await page.goto(`/teachers/${own}`);
    await expect(page.getByTestId('teacher-card')).toBeVisible();
    await page.goto(`/teachers/${own === 1 ? 2 : 1}`);
    await expect(page.getByRole('alert')).toContainText('没有权限');
  });
});
