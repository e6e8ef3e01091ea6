import { expect, Page, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

/**
 * Every download link in the app, clicked on a live page: the browser must download the
 * file (the client-side router must not take the click and show the not-found page).
 * `files` lists, per role and page, the test ids of the links and the file name expected.
 */
const DOWNLOADS: { user: string; page: string; links: { id: string; file: RegExp }[] }[] = [
  { user: 'teacher', page: '/hours', links: [{ id: 'export-transcript', file: /\.xlsx$/ }] },
  { user: 'coordinator', page: '/pairings', links: [{ id: 'pairing-template', file: /\.xlsx$/ }] },
  { user: 'coordinator', page: '/pairings/behind', links: [{ id: 'export-xlsx', file: /\.xlsx$/ }] },
  {
    user: 'center',
    page: '/stats',
    links: [
      { id: 'export-xlsx', file: /\.xlsx$/ },
      { id: 'export-csv', file: /\.csv$/ },
    ],
  },
  { user: 'center', page: '/ladder/candidates', links: [{ id: 'export-candidates', file: /\.xlsx$/ }] },
  {
    user: 'center',
    page: '/ladder',
    links: [
      { id: 'template-promotions', file: /\.xlsx$/ },
      { id: 'template-enrolments', file: /\.xlsx$/ },
    ],
  },
];

async function login(page: Page, user: string) {
  await page.goto('/login');
  await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
}

test.describe('downloads', () => {
  for (const d of DOWNLOADS) {
    test(`${d.user}: every download link on ${d.page} downloads its file when clicked with the page live`, async ({ page }) => {
      await login(page, d.user);
      await page.goto(d.page);
      await hydrated(page);
      for (const link of d.links) {
        const url = page.url();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId(link.id).first().click(),
        ]);
        expect(download.suggestedFilename()).toMatch(link.file);
        const path = await download.path();
        expect(path).toBeTruthy();
        // The page stays where it was: no client-side navigation to a not-found page.
        expect(page.url()).toBe(url);
        await expect(page.getByTestId('not-found')).toHaveCount(0);
      }
    });
  }
});
