import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';


test.describe('reminders', () => {
  test('a session logged by the mentor reminds the mentee, who follows the bell to confirm it', async ({ browser }, info) => {
    const phone = info.project.name === 'phone';
    const mentor = await loginAs(browser, 'mentor', { phone });
    await mentor.goto('/mentoring/log');
    await mentor.getByTestId('kind-demo_lesson').locator('..').click();
    await mentor.getByTestId('save-session').click();
    await expect(mentor.getByTestId('saved')).toBeVisible();

    const teacher = await loginAs(browser, 'teacher', { phone });
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
