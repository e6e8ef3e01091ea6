import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

/**
 * axe-core's WCAG 2 A and AA rules (the basis of GB/T 37668) on every page of every role, with its island live:
 * no violation allowed. Pages behind an id are reached through the first matching link of the
 * page before them, as a person would.
 */
type Visit = string | { from: string; link: string; then?: string };

const PAGES: { user: string | null; pages: Visit[] }[] = [
  { user: null, pages: ['/login', '/no-such-page'] },
  {
    user: 'teacher',
    pages: [
      '/',
      '/growth',
      '/growth/achievement',
      '/growth/print',
      '/hours',
      '/hours/claim',
      '/hours/transcript',
      '/mentoring/sessions',
      '/surveys',
      '/notifications',
    ],
  },
  {
    user: 'mentor',
    pages: [
      '/',
      '/mentoring',
      '/mentoring/log',
      { from: '/mentoring', link: 'a[href^="/teachers/"]' },
      { from: '/mentoring', link: 'a[href^="/teachers/"]', then: '/growth' },
      { from: '/mentoring', link: 'a[href^="/teachers/"]', then: '/hours' },
      { from: '/mentoring', link: 'a[href^="/mentoring/log?pairing="]' },
      '/growth',
      '/hours',
    ],
  },
  {
    user: 'coordinator',
    pages: [
      '/',
      '/pairings',
      '/pairings/behind',
      '/hours/review',
      '/stats',
      '/stats/teachers',
      '/dual',
      { from: '/', link: 'a[href^="/teachers/"]' },
      { from: '/', link: 'a[href^="/teachers/"]', then: '/growth' },
      { from: '/', link: 'a[href^="/teachers/"]', then: '/hours' },
      { from: '/', link: 'a[href^="/teachers/"]', then: '/transcript' },
      { from: '/stats/teachers', link: 'a[href^="/teachers/"][href$="/growth"]' },
    ],
  },
  {
    user: 'center',
    pages: [
      '/',
      '/pairings',
      '/pairings/behind',
      '/pairings/behind?all=1',
      '/quotas',
      '/hours/review',
      '/hours/rules',
      '/events',
      { from: '/events', link: 'a[href^="/events/"]' },
      '/ladder',
      '/ladder/candidates',
      '/dual',
      '/stats',
      '/stats?view=hours',
      '/stats?view=mentoring',
      '/stats?view=tiers',
      '/stats?view=dual',
      '/stats?view=attention',
      '/stats/teachers',
      { from: '/stats/teachers', link: 'a[href^="/teachers/"][href$="/growth"]' },
      '/surveys',
      '/lists',
      '/lists?view=table',
      '/notifications',
      '/notifications/channels',
    ],
  },
];

async function login(page: Page, user: string) {
  await page.goto('/login');
  await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
}

async function visit(page: Page, v: Visit): Promise<string> {
  if (typeof v === 'string') {
    await page.goto(v);
    return v;
  }
  await page.goto(v.from);
  const link = await page.locator(v.link).first().getAttribute('href');
  expect(link, `a link ${v.link} on ${v.from}`).toBeTruthy();
  const href = link! + (v.then ?? '');
  await page.goto(href);
  return href;
}

test.describe('accessibility', () => {
  for (const role of PAGES) {
    test(`every page of ${role.user ?? 'a visitor'} passes axe's WCAG 2 A and AA rules`, async ({ page }) => {
      test.setTimeout(180_000);
      if (role.user) await login(page, role.user);
      const found: string[] = [];
      for (const v of role.pages) {
        const path = await visit(page, v);
        await hydrated(page);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
        for (const violation of results.violations) {
          for (const node of violation.nodes) {
            found.push(`${path}: ${violation.id} (${violation.impact}) ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ')}`);
          }
        }
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }
});
