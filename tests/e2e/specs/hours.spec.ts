import { Browser, expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function loginAs(browser: Browser, user: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/login');
  if (javaScriptEnabled) await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
  return page;
}

async function cycleCounted(page: Page): Promise<number> {
  await page.goto('/hours');
  return Number(await page.getByTestId('rule-cycle_total').getAttribute('data-counted'));
}

async function fileClaim(page: Page, title: string) {
  await page.goto('/hours/claim');
  await page.getByTestId('claim-title').fill(title);
  await page.getByTestId('claim-organizer').fill('苏州市教育科学研究院');
  await page.getByTestId('claim-level').selectOption('city');
  await page.getByTestId('claim-category').selectOption('subject');
  await page.getByTestId('claim-start').fill('2026-10-10');
  await page.getByTestId('claim-end').fill('2026-10-11');
  await page.getByTestId('claim-hours').fill('12');
  await page.getByTestId('claim-evidence').setInputFiles({ name: '结业证书.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('submit-claim').click();
  await expect(page.getByTestId('claim-filed')).toBeVisible();
}

async function approve(page: Page, title: string) {
  await page.goto(`/hours/review?q=${encodeURIComponent(title)}`);
  await hydrated(page);
  const claim = page.getByTestId('queue-claim').filter({ hasText: title });
  await expect(claim).toHaveCount(1);
  await expect(claim.getByTestId('evidence-link')).toHaveText('结业证书.pdf');
  await claim.getByTestId('approve').click();
  await expect(page.getByTestId('queue-claim').filter({ hasText: title })).toHaveCount(0);
}

test.describe('training hours', () => {
  test('a teacher files a claim with a PDF, the school and the center approve it, the bar moves', async ({ browser }, info) => {
    const title = `骨干教师高级研修班 ${info.project.name} ${Date.now()}`;
    const teacher = await loginAs(browser, 'teacher');
    const before = await cycleCounted(teacher);
    await fileClaim(teacher, title);
    const mine = teacher.getByTestId('claim').filter({ hasText: title });
    await expect(mine.getByTestId('claim-status')).toHaveText('待学校初审');

    await approve(await loginAs(browser, 'coordinator'), title);
    await teacher.reload();
    await expect(teacher.getByTestId('claim').filter({ hasText: title }).getByTestId('claim-status')).toHaveText('待中心审定');
    expect(await cycleCounted(teacher)).toBe(before);

    await approve(await loginAs(browser, 'center'), title);
    expect(await cycleCounted(teacher)).toBe(before + 120);
    await expect(teacher.getByTestId('claim').filter({ hasText: title }).getByTestId('claim-status')).toHaveText('已审定');
  });

  test('without JavaScript a claim is filed and a bad one comes back with its reason', async ({ browser }) => {
    const teacher = await loginAs(browser, 'teacher', false);
    await teacher.goto('/hours/claim');
    await teacher.getByTestId('claim-title').fill('无脚本申报');
    await teacher.getByTestId('claim-organizer').fill('区教师发展中心');
    await teacher.getByTestId('claim-start').fill('2026-10-10');
    await teacher.getByTestId('claim-hours').fill('30');
    await teacher.getByTestId('claim-evidence').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: PDF });
    await teacher.getByTestId('submit-claim').click();
    await expect(teacher.getByTestId('error-hours')).toContainText('24');
    await expect(teacher.getByTestId('claim-title')).toHaveValue('无脚本申报');
    await teacher.getByTestId('claim-hours').fill('6');
    await teacher.getByTestId('claim-evidence').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: PDF });
    await teacher.getByTestId('submit-claim').click();
    await expect(teacher.getByTestId('claim-filed')).toBeVisible();
  });

  test('the center awards an event to a pasted list after a preview', async ({ browser }) => {
    const center = await loginAs(browser, 'center');
    await center.goto('/events');
    await hydrated(center);
    const link = center.locator('[data-testid="events"] tbody a').first();
    await link.click();
    await expect(center).toHaveURL(/\/events\/\d+$/);
    await hydrated(center);
    await center.getByTestId('paste-staff').fill('NOPE-000\nNOPE-000');
    await center.getByTestId('check-paste').click();
    await expect(center).toHaveURL(/\/events\/award\/\d+$/);
    await expect(center.getByTestId('award-status')).toHaveCount(2);
    await expect(center.getByTestId('award-status').nth(1)).toContainText('重复');
    await expect(center.getByTestId('apply-award')).toHaveCount(0);
  });

  test('the transcript prints without the site chrome', async ({ browser }) => {
    const teacher = await loginAs(browser, 'teacher');
    await teacher.goto('/hours/transcript');
    await expect(teacher.getByTestId('transcript')).toContainText('教师研训学时证明');
    await teacher.emulateMedia({ media: 'print' });
    await expect(teacher.locator('.topbar')).toBeHidden();
    await expect(teacher.getByTestId('transcript')).toBeVisible();
  });
});
