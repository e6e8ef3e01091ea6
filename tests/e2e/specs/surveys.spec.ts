import { expect, Page, test } from '@playwright/test';
import { loginAs } from './helpers';

function shanghaiDay(offset: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + offset * 86400_000);
  return d.toISOString().slice(0, 10);
}

/** Answers every question shown: the first choice, every ranking in order, some text. */
async function answerAll(page: Page) {
  const questions = page.locator('fieldset.survey-question');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const radios = q.locator('input[type=radio]');
    if (await radios.count()) await radios.first().check();
    const boxes = q.locator('input[type=checkbox]');
    if (await boxes.count()) await boxes.first().check();
    const selects = q.locator('select');
    for (let k = 0; k < (await selects.count()); k++) await selects.nth(k).selectOption(String(k + 1));
    const text = q.locator('textarea');
    if (await text.count()) await text.fill('希望多一些听课和磨课的机会');
  }
}

test.describe('needs surveys', () => {
  test('the center builds and targets a survey, a teacher answers it, the center plans training from a need', async ({ browser }, info) => {
    // On the phone project the teacher answers with JavaScript; on the desktop one, without.
    const phone = info.project.name === 'phone';
    const title = `新教师需求调研 ${Date.now()}`;

    const center = await loginAs(browser, 'center');
    await center.goto('/surveys');
    const create = center.getByTestId('survey-create');
    if (!(await create.isVisible())) await center.getByText('新建问卷').click();
    await create.locator('input[name=title]').fill(title);
    await center.getByTestId('create-survey').click();
    await expect(center).toHaveURL(/\/surveys\/\d+\/edit/);
    const editUrl = center.url();
    await expect(center.getByTestId('question')).toHaveCount(18);
    // One more question of the center's own, shown only on an earlier answer.
    const form = center.getByTestId('question-form');
    await form.locator('input[name="form[prompt]"]').fill('最希望哪位专家来讲座');
    await form.locator('select[name="form[kind]"]').selectOption('text');
    await form.locator('input[name="form[required]"]').uncheck();
    await center.getByTestId('add-question').click();
    await expect(center.getByTestId('question')).toHaveCount(19);
    const publish = center.getByTestId('publish-form');
    await publish.locator('input[name=opens_on]').fill(shanghaiDay(0));
    await publish.locator('input[name=closes_on]').fill(shanghaiDay(7));
    await publish.locator('input[name="targets[cohort_2026]"]').check();
    await center.getByTestId('publish-survey').click();
    await expect(center.getByTestId('survey-status')).toContainText('进行中');
    await expect(center.getByTestId('survey-targets')).toContainText('2026');

    const teacher = await loginAs(browser, 'teacher', { phone, javaScriptEnabled: phone });
    const link = teacher.getByTestId('home-surveys').getByRole('link', { name: title });
    await expect(link).toBeVisible();
    await link.click();
    // A draft keeps what was chosen.
    await teacher.locator('fieldset.survey-question').first().locator('input[type=radio]').nth(3).check();
    await teacher.getByTestId('save-draft').click();
    await expect(teacher.getByTestId('draft-note')).toBeVisible();
    await expect(teacher.locator('fieldset.survey-question').first().locator('input[type=radio]').nth(3)).toBeChecked();
    // Submitting with a required question left out is refused beside that question.
    await teacher.getByTestId('submit-answers').click();
    await expect(teacher.locator('.field-error').first()).toContainText('必填');
    await expect(teacher.locator('fieldset.survey-question').first().locator('input[type=radio]').nth(3)).toBeChecked();
    await answerAll(teacher);
    await teacher.getByTestId('submit-answers').click();
    await expect(teacher.getByTestId('answer-state')).toContainText('已提交');

    const resultsUrl = editUrl.replace(/\/edit$/, '/results');
    await center.goto(resultsUrl);
    await expect(center.getByTestId('response-rate')).toContainText('已答 1');
    const second = center.getByTestId('question-result').nth(1);
    await expect(second.getByTestId('tally')).toBeVisible();
    await second.getByTestId('plan-event').first().click();
    await expect(center.getByTestId('event-need')).toContainText(title);
    const event = center.getByTestId('event-form');
    const eventTitle = `学科知识更新专题 ${Date.now()}`;
    await event.locator('input[name="form[title]"]').fill(eventTitle);
    await event.locator('input[name="form[organizer]"]').fill('区教师发展中心');
    await event.locator('input[name="form[starts_on]"]').fill(shanghaiDay(-1));
    await event.locator('input[name="form[hours]"]').fill('3');
    await center.getByTestId('create-event').click();
    await expect(center.getByTestId('created-event')).toContainText(eventTitle);
    await center.goto(resultsUrl);
    await expect(center.getByTestId('needs')).toContainText(eventTitle);
  });
});
