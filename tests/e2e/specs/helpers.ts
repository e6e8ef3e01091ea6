import { Browser, expect, Page } from '@playwright/test';

export const PASSWORD = process.env.DEMO_PASSWORD || 'demo2026';

/** The demo logins and what each role's home page says, in Chinese and in English. */
export const ROLES = [
  { user: 'center', role: '中心管理员', roleEn: 'Center staff', heading: '全区概况', headingEn: 'District overview', section: 'center-section' },
  { user: 'coordinator', role: '学校管理员', roleEn: 'School coordinator', heading: '本校教师', headingEn: 'Teachers', section: 'school-section' },
  { user: 'mentor', role: '导师', roleEn: 'Mentor', heading: '我的徒弟', headingEn: 'My mentees', section: 'mentor-section' },
  { user: 'teacher', role: '教师', roleEn: 'Teacher', heading: '我的成长', headingEn: 'My growth', section: 'teacher-section' },
] as const;

/** Waits until the page's island is live (it marks <body>): forms show they are on their way, selects that reload the page do so. */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

export async function fillLogin(page: Page, user: string, password: string) {
  await page.getByTestId('username').fill(user);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** A new browser context signed in as `user`: a phone (390×844, touch) or a desktop, with or without JavaScript, in Chinese and Shanghai time. */
export async function loginAs(browser: Browser, user: string, opts: { phone?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const phone = opts.phone ?? false;
  const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const context = await browser.newContext({
    viewport,
    isMobile: phone,
    hasTouch: phone,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto('/login');
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
  return page;
}
