import { expect, test } from '@playwright/test';
import { fillLogin, hydrated, PASSWORD } from './helpers';

// Islands mode: every page is server-rendered HTML with plain forms; the one island
// (components::enhance) adds what a plain form lacks. These check what it promises.
// A mentor of the 400-teacher demo district (tests/run.sh) with three mentees.
const MENTOR_OF_THREE = 'T199600038';

test.describe('the page island', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/login');
    await fillLogin(page, MENTOR_OF_THREE, PASSWORD);
    await expect(page.getByTestId('home')).toBeVisible();
  });

  test('a page ships one island and no page code: the session form is plain HTML', async ({ page }) => {
    await page.goto('/mentoring/log');
    await hydrated(page);
    await expect(page.locator('leptos-island')).toHaveCount(1);
    const form = page.getByTestId('session-form');
    await expect(form).toHaveAttribute('method', 'post');
    await expect(form).toHaveAttribute('action', '/api/log_session');
  });

  test('a form on its way shows it, and a second tap does not post it twice', async ({ page }) => {
    await page.goto('/mentoring/log');
    await hydrated(page);
    let posts = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    // Hold the post back, as a slow phone network would, until the page has been looked at.
    await page.route('**/api/log_session', async (route) => {
      posts += 1;
      await held;
      await route.continue();
    });
    // What the page shows while the post is on its way, reported from the page itself (a
    // locator or an evaluation would wait for the navigation under way), and a second tap then.
    const seen: string[] = [];
    await page.exposeBinding('report', (_source, what: string) => seen.push(what));
    await page.evaluate(() => {
      const form = document.querySelector('[data-testid="session-form"]')!;
      const button = document.querySelector('[data-testid="save-session"]') as HTMLButtonElement;
      new MutationObserver(() => {
        if (form.getAttribute('aria-busy') === 'true') {
          (window as any).report(`busy, button ${button.getAttribute('aria-disabled')}`);
          button.click();
        }
      }).observe(form, { attributes: true, attributeFilter: ['aria-busy'] });
    });
    await page.getByTestId('kind-observe_mentee').check();
    await page.getByTestId('save-session').click({ noWaitAfter: true });
    await expect.poll(() => seen).toContain('busy, button true');
    await page.waitForTimeout(300);
    release();
    await expect(page.getByTestId('saved')).toBeVisible();
    expect(posts).toBe(1);
    // The page after the post is a new page: its form is ready again.
    await expect(page.getByTestId('session-form')).not.toHaveAttribute('aria-busy', 'true');
  });

  test('choosing another mentee reloads the form for them at once', async ({ page }) => {
    await page.goto('/mentoring/log');
    await hydrated(page);
    const select = page.getByTestId('mentee-select');
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    const other = options[options.length - 1];
    await select.selectOption(other);
    await expect(page).toHaveURL(new RegExp(`/mentoring/log\\?pairing=${other}$`));
    await expect(page.getByTestId('mentee-select')).toHaveValue(other);
  });
  test('what was typed in a refused form comes back with the reason', async ({ page }) => {
    await page.goto('/mentoring/log');
    await hydrated(page);
    await page.getByTestId('kind-demo_lesson').check();
    await page.locator('input[name="input[topic]"]').fill('分层作业设计');
    await page.locator('textarea[name="input[notes]"]').fill('第二组的提问还可以更开放。');
    // Before the pairing began: the browser's own checks pass it, the server's do not.
    await page.locator('input[name="input[held_on]"]').fill('2000-01-01');
    await page.getByTestId('save-session').click();
    await expect(page).toHaveURL(/form=log_session&error=invalid/);
    await expect(page.getByTestId('error-held_on')).toBeVisible();
    await hydrated(page);
    await expect(page.locator('input[name="input[topic]"]')).toHaveValue('分层作业设计');
    await expect(page.locator('textarea[name="input[notes]"]')).toHaveValue('第二组的提问还可以更开放。');
    await expect(page.getByTestId('kind-demo_lesson')).toBeChecked();
    await expect(page.locator('input[name="input[held_on]"]')).toHaveValue('2000-01-01');
    // The refusal sits right above the form that was sent.
    await expect(page.locator('[data-form-result="log_session"] + form[data-testid="session-form"]')).toHaveCount(1);

    // Once only: a later visit to the page starts empty.
    await page.goto('/mentoring/log');
    await hydrated(page);
    await expect(page.locator('input[name="input[topic]"]')).toHaveValue('');
  });
});

test.describe('the page island without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the mentee is chosen with its button and the form says where a value is wrong', async ({ page }) => {
    await page.goto('/login');
    await fillLogin(page, MENTOR_OF_THREE, PASSWORD);
    await expect(page.getByTestId('home')).toBeVisible();
    await page.goto('/mentoring/log');
    const select = page.getByTestId('mentee-select');
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    const chosen = options[options.length - 1];
    await select.selectOption(chosen);
    await page.getByTestId('mentee-form').getByRole('button').click();
    await expect(page).toHaveURL(new RegExp(`pairing=${chosen}$`));

    await page.getByTestId('kind-observe_mentee').check();
    // Before the pairing began: the browser's own checks pass it, the server's do not.
    await page.locator('input[name="input[held_on]"]').fill('2000-01-01');
    await page.getByTestId('save-session').click();
    await expect(page).toHaveURL(/form=log_session&error=invalid&fields=held_on/);
    await expect(page.getByTestId('error-held_on')).toBeVisible();
    await expect(page.getByTestId('mentee-select')).toHaveValue(chosen);
  });
});
