import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';


const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test.describe('the three lists', () => {
  test('an owner moves a task through the loop with evidence and the center sees it on the board', async ({ browser }, info) => {
    const phone = info.project.name === 'phone';
    const title = `新教师听课制度落实 ${Date.now()}`;
    const coordinator = await loginAs(browser, 'coordinator', { phone });
    await coordinator.goto('/lists');
    const form = coordinator.getByTestId('item-form');
    if (!(await form.isVisible())) await coordinator.getByText('新增事项').click();
    await form.locator('select[name="form[kind]"]').selectOption('task');
    await form.locator('input[name="form[title]"]').fill(title);
    const due = new Date(Date.now() + 8 * 3600_000 + 20 * 86400_000).toISOString().slice(0, 10);
    await form.locator('input[name="form[due_on]"]').fill(due);
    await form.locator('select[name="form[owner_school]"]').selectOption({ index: 1 });
    await coordinator.getByTestId('create-item').click();
    await expect(coordinator).toHaveURL(/\/lists\/\d+$/);
    await expect(coordinator.getByTestId('item-stage')).toHaveText('谋划');

    // 部署, with the meeting's minutes as evidence; then 推进.
    const note = coordinator.getByTestId('note-form');
    await note.locator('select[name=stage]').selectOption('deploy');
    await note.locator('textarea[name=body]').fill('已召开新教师听课制度部署会');
    await note.locator('input[name=evidence]').setInputFiles({ name: '部署会纪要.pdf', mimeType: 'application/pdf', buffer: PDF });
    await coordinator.getByTestId('add-note').click();
    await expect(coordinator.getByTestId('item-stage')).toHaveText('部署');
    await expect(coordinator.getByTestId('note').first()).toContainText('部署会纪要.pdf');
    await coordinator.getByTestId('note-form').locator('select[name=stage]').selectOption('advance');
    await coordinator.getByTestId('note-form').locator('textarea[name=body]').fill('各教研组已排好听课表');
    await coordinator.getByTestId('add-note').click();
    await expect(coordinator.getByTestId('item-stage')).toHaveText('推进');
    await expect(coordinator.getByTestId('note')).toHaveCount(2);

    const center = await loginAs(browser, 'center');
    await center.goto('/lists');
    await expect(center.getByTestId('stage-advance').getByRole('link', { name: title })).toBeVisible();
  });
});
