import { Browser, expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

async function loginAs(browser: Browser, user: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
  return page;
}

/** The demo teacher's confirmed 听课 count as the coordinator's progress list shows it. */
async function observedCount(page: Page, mentee: string): Promise<number> {
  await page.goto('/pairings/behind?all=1');
  const card = page.locator(`[data-testid="behind-pair"][data-mentee="${mentee}"]`);
  await expect(card).toBeVisible();
  return Number(await card.getByTestId('quota-observe_mentee').getAttribute('data-done'));
}

test.describe('mentoring on a phone', () => {
  test('a mentor logs a session in two taps, the mentee confirms it, the coordinator sees progress move', async ({ browser }) => {
    const teacher = await loginAs(browser, 'teacher');
    const mentee = (await teacher.getByTestId('teacher-card').locator('h3').innerText()).trim();

    const coordinator = await loginAs(browser, 'coordinator', { width: 1280, height: 800 });
    const before = await observedCount(coordinator, mentee);

    const mentor = await loginAs(browser, 'mentor');
    await mentor.goto('/mentoring/log');
    await hydrated(mentor);
    await expect(mentor.getByTestId('mentee-select')).toHaveValue(/\d+/);
    // Tap 1: the kind. Tap 2: save. Mentee, date (today) and minutes (45) are preset.
    await mentor.getByTestId('kind-observe_mentee').locator('..').tap();
    await mentor.getByTestId('save-session').tap();
    await expect(mentor.getByTestId('saved')).toBeVisible();
    await expect(mentor.getByTestId('session-list').locator('li').first()).toContainText('待确认');

    await teacher.goto('/mentoring/sessions');
    await hydrated(teacher);
    const newest = teacher.getByTestId('my-session').first();
    await expect(newest).toContainText('待确认');
    await newest.getByTestId('reflection').fill('提问可以更开放，下节课试试');
    await newest.getByTestId('confirm').tap();
    await expect(teacher.getByTestId('my-session').first()).toContainText('已确认');

    expect(await observedCount(coordinator, mentee)).toBe(before + 1);
  });

  test('a mentor sees each mentee with quota progress', async ({ browser }) => {
    const mentor = await loginAs(browser, 'mentor');
    await mentor.goto('/mentoring');
    const card = mentor.getByTestId('mentee-card').first();
    await expect(card).toBeVisible();
    await expect(card.getByTestId('quota-observe_mentee')).toContainText('听课');
    await hydrated(mentor);
    await card.getByTestId('log-for').tap();
    await expect(mentor).toHaveURL(/\/mentoring\/log\?pairing=\d+$/);
  });
});

test.describe('pairing management without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a coordinator sees the pairing list and the import form', async ({ page }) => {
    await page.goto('/login');
    await fillLogin(page, 'coordinator', PASSWORD);
    await page.goto('/pairings');
    await expect(page.getByTestId('pairing-table')).toBeVisible();
    await expect(page.getByTestId('import-form')).toBeVisible();
  });
});
