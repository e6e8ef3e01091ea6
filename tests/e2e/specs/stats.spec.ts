import { expect, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

test.describe('statistics', () => {
  test('the center filters, reads a chart with its table, and drills down to a growth path', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await fillLogin(page, 'center', PASSWORD);
    await expect(page.getByTestId('home')).toBeVisible();
    await page.goto('/stats');
    const byCohort = page.getByTestId('stat-by_cohort');
    await expect(byCohort.locator('svg rect')).not.toHaveCount(0);
    await expect(byCohort.locator('table tbody tr')).not.toHaveCount(0);
    const total = await page.getByTestId('stat-total').innerText();

    await page.getByTestId('stat-filters').locator('select[name="cohort"]').selectOption('2025');
    await page.getByTestId('apply-filters').click();
    await expect(page).toHaveURL(/cohort=2025/);
    await expect(page.getByTestId('stat-total')).not.toHaveText(total);

    await page.getByTestId('stat-views').getByText('学时').click();
    await expect(page.getByTestId('stat-hours_histogram').locator('svg rect')).not.toHaveCount(0);

    await page.getByTestId('stat-views').getByText('梯队').click();
    await expect(page.getByTestId('stat-tier_flow').locator('tbody tr')).not.toHaveCount(0);
    await expect(page.getByTestId('stat-tier_flow').locator('tbody th').first()).toContainText('2025 级');

    await page.getByTestId('stat-views').getByText('双培养').click();
    await expect(page.getByTestId('stat-dual_ratios').locator('thead')).toContainText('目标');

    await page.getByTestId('stat-views').getByText('人数与留任').click();
    await page.getByTestId('stat-by_subject').locator('tbody th a').first().click();
    await expect(page).toHaveURL(/\/stats\/teachers\?cohort=2025&subject=/);
    await page.getByTestId('stat-teachers').locator('tbody a').first().click();
    await expect(page.getByTestId('growth-head')).toBeVisible();
  });
});
