import { Browser, expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

async function loginAs(browser: Browser, user: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
  return page;
}

async function unmetCount(page: Page): Promise<number> {
  await page.goto('/growth');
  await expect(page.getByTestId('next-tier')).toBeVisible();
  return page.locator('[data-testid="criterion"][data-met="false"]').count();
}

test.describe('growth path', () => {
  test.describe.configure({ mode: 'serial' });

  test('a teacher one public lesson short records one, the gap closes, the center sees a candidate', async ({ browser }) => {
    // Find, in the pipeline, a teacher whose only missing criterion is a public lesson.
    const center = await loginAs(browser, 'center');
    let staffNo = '';
    let levelHref = '';
    await center.goto('/ladder/candidates');
    const chips = center.locator('nav.chips a');
    const n = await chips.count();
    for (let i = 0; i < n && !staffNo; i++) {
      const href = (await chips.nth(i).getAttribute('href')) || '';
      await center.goto(href);
      const row = center.locator('[data-testid="one-short"] [data-testid="candidate"]').filter({ hasText: '公开课' }).first();
      if (await row.count()) {
        staffNo = (await row.locator('td').first().innerText()).trim();
        levelHref = href;
      }
    }
    // The demo district is deterministic and always has such a teacher.
    expect(staffNo, 'a teacher one public lesson short of a tier').not.toBe('');
    const missing = await center.locator('[data-testid="one-short"] [data-testid="candidate"]').filter({ hasText: staffNo }).locator('td').nth(3).innerText();
    const level = missing.includes('省级') ? 'provincial' : missing.includes('市级') ? 'city' : missing.includes('区级') ? 'district' : 'school';

    const teacher = await loginAs(browser, staffNo.toLowerCase());
    const before = await unmetCount(teacher);
    expect(before).toBe(1);
    await teacher.getByTestId('add-achievement').click();
    await teacher.getByTestId('achievement-kind').selectOption('public_lesson');
    await teacher.getByTestId('achievement-level').selectOption(level === 'school' ? 'district' : level);
    await teacher.getByTestId('achievement-date').fill('2026-11-20');
    await teacher.getByTestId('achievement-title').fill('《函数的单调性》公开课');
    await teacher.getByTestId('save-achievement').click();
    await expect(teacher.getByTestId('achievement-recorded')).toBeVisible();
    expect(await unmetCount(teacher)).toBe(0);

    await center.goto(levelHref);
    await expect(center.locator('[data-testid="ready"] [data-testid="candidate"]').filter({ hasText: staffNo })).toHaveCount(1);
  });

  test('the timeline filters by kind', async ({ browser }) => {
    const teacher = await loginAs(browser, 'mentor');
    await teacher.goto('/growth');
    const all = await teacher.getByTestId('timeline-item').count();
    expect(all).toBeGreaterThan(1);
    await teacher.getByTestId('filter-pairing').click();
    await expect(teacher).toHaveURL(/kind=pairing/);
    const kinds = await teacher.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['pairing']));
  });

  test('the growth record prints to PDF with the name and every section', async ({ browser }) => {
    const teacher = await loginAs(browser, 'mentor');
    await teacher.goto('/growth/print');
    const record = teacher.getByTestId('growth-record');
    await expect(record).toBeVisible();
    const name = (await record.locator('strong').first().innerText()).trim();
    await teacher.emulateMedia({ media: 'print' });
    await expect(teacher.locator('.topbar')).toBeHidden();
    for (const section of ['下一梯队', '成长时间线', '成果', '个人发展规划']) {
      await expect(record.locator('h2', { hasText: section })).toBeVisible();
    }
    const pdf = await teacher.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(name.length).toBeGreaterThan(0);
  });
});
