import { Browser, expect, Page, test } from '@playwright/test';
import { fillLogin, PASSWORD } from './helpers';

async function loginAs(browser: Browser, user: string, phone: boolean): Promise<Page> {
  const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto('/login');
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
  return page;
}

test.describe('reminders', () => {
  test('a session logged by the mentor reminds the mentee, who follows the bell to confirm it', async ({ browser }, info) => {
    const phone = info.project.name === 'phone';
    const mentor = await loginAs(browser, 'mentor', phone);
    await mentor.goto('/mentoring/log');
    await mentor.getByTestId('kind-demo_lesson').locator('..').click();
    await mentor.getByTestId('save-session').click();
    await expect(mentor.getByTestId('saved')).toBeVisible();

    const teacher = await loginAs(browser, 'teacher', phone);
    await expect(teacher.getByTestId('bell-count')).toBeVisible();
    await teacher.getByTestId('bell').click();
    await expect(teacher).toHaveURL(/\/notifications$/);
    const reminder = teacher.locator('[data-testid="notice"][data-kind="session_to_confirm"]').first();
    await expect(reminder).toContainText('等待您确认');
    await reminder.getByTestId('open-notice').click();
    await expect(teacher).toHaveURL(/\/mentoring\/sessions/);
    await expect(teacher.getByTestId('my-session').first()).toContainText('待确认');
  });
});
