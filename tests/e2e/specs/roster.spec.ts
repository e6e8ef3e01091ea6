import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { Workbook } from 'exceljs';
import { fillLogin, hydrated, PASSWORD } from './helpers';

/**
 * The roster and its accounts: the yearly intake (a list uploaded, previewed, confirmed), the
 * one-time passwords printed as slips, a new teacher's first login (made to choose a password
 * before anything else), and a coordinator's edit of a record with its history.
 */

/** The intake template's headings (GET /roster/template.xlsx), the columns these lists fill. */
const HEADINGS = ['工号 staff no.', '姓名 name', '性别 gender', '出生日期 birth date', '入职日期 hire date', '学校 school', '学科 subject', '学段 stage'];
/** A school of the demo district (its codes are SIP-001, SIP-002, …). */
const SCHOOL = 'SIP-001';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A password page, also when the server adds why it sent the browser there. */
const PASSWORD_PAGE = /\/account\/password(\?.*)?$/;

interface NewTeacher {
  staffNo: string;
  /** The login the import makes: the staff number in lower case. */
  login: string;
  name: string;
}

/**
 * `n` teachers no run has imported before: staff numbers from the clock, the project and the
 * journey (`tag`), names from the clock too (so a slip or a page is easy to tell apart).
 */
function newTeachers(testInfo: TestInfo, tag: string, n: number): NewTeacher[] {
  const now = Date.now();
  const stamp = now.toString(36).toUpperCase();
  const project = testInfo.project.name.slice(0, 1).toUpperCase();
  const surnames = [...'邱秦柯苏叶沈韩唐'];
  const given = [...'安宁思远嘉悦子涵一诺'];
  const digits = [...String(now)].reverse().map(Number);
  return Array.from({ length: n }, (_, i) => {
    const staffNo = `RT${tag}${stamp}${project}${i + 1}`;
    return {
      staffNo,
      login: staffNo.toLowerCase(),
      name: surnames[(digits[2] + i) % surnames.length] + given[digits[0]] + given[(digits[1] + i) % given.length],
    };
  });
}

/** This year in the district's time zone. */
function thisYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/** On the intake page: picks this year's cohort (or else the newest offered) and returns it. */
async function chooseCohort(page: Page): Promise<number> {
  const select = page.getByTestId('intake-cohort');
  const options = select.locator('option');
  const years: number[] = [];
  for (let i = 0; i < (await options.count()); i++) {
    years.push(Number(await options.nth(i).getAttribute('value')));
  }
  expect(years.length, 'the intake offers cohorts').toBeGreaterThan(0);
  const cohort = years.includes(thisYear()) ? thisYear() : years[0];
  await select.selectOption(String(cohort));
  return cohort;
}

/** A real .xlsx intake list: the first teacher's dates as date cells, the others' as text. */
async function intakeXlsx(people: NewTeacher[], cohort: number): Promise<Buffer> {
  const book = new Workbook();
  const sheet = book.addWorksheet('新教师');
  sheet.addRow(HEADINGS);
  people.forEach((p, i) => {
    const [birth, hire] =
      i === 0
        ? [new Date(Date.UTC(1999, 2, 12)), new Date(Date.UTC(cohort, 7, 20))]
        : [`1998-11-0${(i % 9) + 1}`, `${cohort}-08-2${i % 10}`];
    sheet.addRow([p.staffNo, p.name, i % 2 ? '男' : '女', birth, hire, SCHOOL, i % 2 ? '数学' : '语文', '小学']);
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same list as a .csv in UTF-8 (with the byte-order mark Excel writes). */
function intakeCsv(people: NewTeacher[], cohort: number): Buffer {
  const lines = [HEADINGS.join(',')].concat(
    people.map((p) => [p.staffNo, p.name, '女', '2000-04-18', `${cohort}-08-21`, SCHOOL, '英语', '小学'].join(',')),
  );
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

async function login(page: Page, user: string, js: boolean) {
  await page.goto('/login');
  if (js) await hydrated(page);
  await fillLogin(page, user, PASSWORD);
  await expect(page.getByTestId('home')).toBeVisible();
}

/** Uploads the list `build` makes for the chosen cohort; ends on its preview, every row new. */
async function uploadIntake(
  page: Page,
  people: NewTeacher[],
  build: (cohort: number) => Promise<{ name: string; mimeType: string; buffer: Buffer }>,
) {
  await page.goto('/roster/import');
  await expect(page.getByTestId('intake-form')).toBeVisible();
  const cohort = await chooseCohort(page);
  await page.getByTestId('intake-file').setInputFiles(await build(cohort));
  await page.getByTestId('intake-upload').click();

  await expect(page).toHaveURL(/\/roster\/import\/\d+(\?.*)?$/);
  const table = page.getByTestId('intake-table');
  await expect(table).toBeVisible();
  for (const p of people) {
    await expect(table.locator('tbody tr').filter({ hasText: p.staffNo })).toContainText(p.name);
  }
  await expect(page.getByTestId('row-status')).toHaveText(people.map(() => '新建'));
  await expect(page.getByTestId('intake-counts')).toContainText(`新建 ${people.length}`);
  await expect(page.getByTestId('apply-intake')).toBeVisible();
}

/**
 * Hands out the waiting one-time passwords as printed slips (a form opening a new tab) and
 * returns each of `people`'s password, read from their slip.
 */
async function printSlips(page: Page, people: NewTeacher[]): Promise<Map<string, string>> {
  const box = page.getByTestId('pending-passwords');
  await expect(box).toBeVisible();
  const [slips] = await Promise.all([page.waitForEvent('popup'), box.getByTestId('print-slips').click()]);
  await slips.waitForLoadState();
  await expect(slips.getByTestId('slip').first()).toBeVisible();
  const passwords = new Map<string, string>();
  for (const p of people) {
    const login = slips.getByTestId('slip-login').filter({ hasText: new RegExp(`^\\s*${p.login}\\s*$`) });
    const slip = slips.getByTestId('slip').filter({ has: login });
    await expect(slip, `a slip for ${p.login}`).toHaveCount(1);
    await expect(slip).toContainText(p.name);
    const password = (await slip.getByTestId('slip-password').innerText()).trim();
    expect(password).toMatch(/^[A-Za-z2-9]{10}$/);
    passwords.set(p.login, password);
  }
  await slips.close();
  return passwords;
}

/** The roster's account column for one teacher, found by staff number. */
async function accountState(page: Page, t: NewTeacher): Promise<string> {
  await page.goto(`/roster?q=${encodeURIComponent(t.staffNo)}`);
  const rows = page.getByTestId('roster-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(t.name);
  return (await rows.first().locator('td').last().innerText()).trim();
}

/** A new teacher's own choice: long enough, not their login, not a common password. */
function chosenPassword(): string {
  return `Qiu-${Date.now()}-lan`;
}

/** A browser of its own for the new teacher (the project's device, the given JavaScript). */
async function teacherPage(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled });
  return context.newPage();
}

test.describe('roster and accounts', () => {
  test('the center imports an intake list, prints the slips, and a new teacher signs in with the one-time password, is made to change it and lands on their growth path', async ({
    page,
    browser,
  }, testInfo) => {
    const people = newTeachers(testInfo, 'X', 2);
    const [first] = people;

    // The center uploads the year's list as an .xlsx and checks the preview.
    await login(page, 'center', true);
    await uploadIntake(page, people, async (cohort) => ({
      name: `${cohort}级新教师名单.xlsx`,
      mimeType: XLSX,
      buffer: await intakeXlsx(people, cohort),
    }));

    // Confirming writes both teachers, with accounts waiting for their passwords.
    await hydrated(page);
    await page.getByTestId('apply-intake').click();
    await expect(page.getByTestId('intake-done')).toContainText('新建 2 人');
    await expect(page.getByTestId('intake-applied')).toBeVisible();
    await expect(page.getByTestId('apply-intake')).toHaveCount(0);
    expect(await accountState(page, first)).toBe('待发放密码');

    // The slips: one A4 page per teacher, with the login and the one-time password.
    await hydrated(page);
    const passwords = await printSlips(page, people);
    const oneTime = passwords.get(first.login)!;
    expect(await accountState(page, first)).toBe('已发一次性密码');

    // The new teacher, on a browser of their own: the one-time password opens one page only.
    const teacher = await teacherPage(browser, true);
    await teacher.goto('/login');
    await hydrated(teacher);
    await fillLogin(teacher, first.login, oneTime);
    await expect(teacher).toHaveURL(PASSWORD_PAGE);
    await expect(teacher.getByTestId('password-forced')).toBeVisible();

    await teacher.goto('/growth');
    await expect(teacher).toHaveURL(PASSWORD_PAGE);
    await expect(teacher.getByTestId('password-forced')).toBeVisible();
    await expect(teacher.getByTestId('growth-head')).toHaveCount(0);

    // Choosing a password leads to the teacher's own growth path.
    await hydrated(teacher);
    const chosen = chosenPassword();
    await teacher.getByTestId('current-password').fill(oneTime);
    await teacher.getByTestId('new-password').fill(chosen);
    await teacher.getByTestId('repeat-password').fill(chosen);
    await teacher.getByTestId('password-submit').click();
    await expect(teacher).toHaveURL(/\/growth$/);
    await expect(teacher.getByTestId('growth-head').locator('h2')).toHaveText(first.name);
    await expect(teacher.getByTestId('user-name')).toContainText(first.name);
    // It stays there (no way back to the password page), also after a reload.
    await expect(teacher.getByTestId('password-forced')).toHaveCount(0);
    await expect(teacher).toHaveURL(/\/growth$/);
    await teacher.reload();
    await expect(teacher.getByTestId('growth-head').locator('h2')).toHaveText(first.name);
    expect(await accountState(page, first)).toBe('正常');
    await teacher.context().close();
  });

  test("a coordinator edits a teacher's record and sees the change in its history", async ({ page }) => {
    await login(page, 'coordinator', true);
    const me = (await page.getByTestId('user-name').locator('strong').innerText()).trim();

    // The roster holds the coordinator's one school only.
    await page.goto('/roster');
    await hydrated(page);
    const schoolOptions = page.getByTestId('roster-filters').locator('select[name="school"] option');
    await expect(schoolOptions).toHaveCount(2); // "all" and the coordinator's school
    const school = (await schoolOptions.nth(1).innerText()).trim();
    const rows = page.getByTestId('roster-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    const schools = await rows.locator('td:nth-child(3)').allInnerTexts();
    expect(schools.length).toBeGreaterThan(0);
    expect(new Set(schools.map((s) => s.trim()))).toEqual(new Set([school]));

    // A teacher's record, from the roster.
    const row = rows.last();
    const staffNo = (await row.locator('td').first().innerText()).trim();
    const link = row.locator('td a');
    const name = (await link.innerText()).trim();
    await link.click();
    await expect(page).toHaveURL(/\/roster\/\d+$/);
    const record = page.url();
    await expect(page.getByTestId('record-name')).toContainText(`${name} · ${staffNo}`);
    await hydrated(page);

    const subject = page.getByTestId('record-input-subject');
    const history = page.getByTestId('record-history').locator(':scope > li');
    const before = (await subject.inputValue()).trim();
    const after = ['科学', '数学', '语文', '英语'].find((s) => s !== before)!;
    const entries = await history.count();

    await subject.fill(after);
    await page.getByTestId('record-form').getByTestId('record-save').click();
    await expect(page.getByTestId('record-saved')).toHaveText('已保存 1 项修改。');
    await expect(history).toHaveCount(entries + 1);
    const newest = history.first();
    await expect(newest).toContainText('修改档案');
    await expect(newest).toContainText(me);
    await expect(newest).toContainText(`学科: ${before} → ${after}`);
    await expect(subject).toHaveValue(after);

    // The roster shows the new subject too.
    await page.goto(`/roster?q=${encodeURIComponent(staffNo)}`);
    const found = page.getByTestId('roster-table').locator('tbody tr');
    await expect(found).toHaveCount(1);
    await expect(found.locator('td:nth-child(4)')).toHaveText(after);

    // Put it back (the demo district is shared by the other journeys); that is history too.
    await page.goto(record);
    await hydrated(page);
    await expect(history).toHaveCount(entries + 1);
    await page.getByTestId('record-input-subject').fill(before);
    await page.getByTestId('record-form').getByTestId('record-save').click();
    await expect(history).toHaveCount(entries + 2);
    await expect(history.first()).toContainText(`学科: ${after} → ${before}`);
  });
});

test.describe('transfers', () => {
  test('a coordinator transfers a teacher out, the teacher leaves their roster, and the same-day undo brings them back', async ({ page }) => {
    await login(page, 'coordinator', true);
    await page.goto('/roster');
    await hydrated(page);
    const rows = page.getByTestId('roster-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // A teacher near the end of the list (the record-edit journey uses the last one).
    const row = rows.nth(Math.max(0, (await rows.count()) - 2));
    const staffNo = (await row.locator('td').first().innerText()).trim();
    await row.locator('td a').click();
    await expect(page).toHaveURL(/\/roster\/\d+$/);
    await hydrated(page);

    // Transfer out today, to the first other school offered.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.getByTestId('transfer-open').click();
    const form = page.getByTestId('transfer-form');
    const target = (await form.locator('select[name="to_school"] option').first().innerText()).trim();
    await form.locator('input[name="on"]').fill(today);
    await form.getByTestId('transfer-save').click();
    await expect(page.getByTestId('transferred-out')).toBeVisible();

    // The teacher is no longer on this coordinator's roster (read in another tab).
    const roster = await page.context().newPage();
    await roster.goto(`/roster?q=${encodeURIComponent(staffNo)}`);
    await expect(roster.getByTestId('roster-total')).toHaveText('共 0 人');
    await roster.close();

    // Undo the same day: back on the roster, at the old school, the transfer in the history.
    await page.getByTestId('undo-movement').click();
    await expect(page.getByTestId('record-form')).toBeVisible();
    await expect(page.getByTestId('record-history').locator(':scope > li').first()).toContainText('撤销');
    await expect(page.getByTestId('school-spells')).not.toContainText(target);
    await page.goto(`/roster?q=${encodeURIComponent(staffNo)}`);
    await expect(page.getByTestId('roster-total')).toHaveText('共 1 人');
  });
});

test.describe('roster and accounts without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('without JavaScript the new teacher still changes the password', async ({ page, browser }, testInfo) => {
    const people = newTeachers(testInfo, 'N', 1);
    const [newcomer] = people;

    // The center's side works as plain forms too: a .csv list, the preview, the confirmation.
    await login(page, 'center', false);
    await uploadIntake(page, people, async (cohort) => ({
      name: `${cohort}级新教师名单.csv`,
      mimeType: 'text/csv',
      buffer: intakeCsv(people, cohort),
    }));
    await page.getByTestId('apply-intake').click();
    await expect(page).toHaveURL(/\/roster\/import\/\d+(\?.*)?$/);
    await expect(page.getByTestId('intake-applied')).toBeVisible();
    await expect(page.getByTestId('apply-intake')).toHaveCount(0);

    await page.goto('/roster/import');
    const oneTime = (await printSlips(page, people)).get(newcomer.login)!;

    // The teacher: the one-time password leads to the password page and keeps them there.
    const teacher = await teacherPage(browser, false);
    await teacher.goto('/login');
    await fillLogin(teacher, newcomer.login, oneTime);
    await expect(teacher).toHaveURL(PASSWORD_PAGE);
    await expect(teacher.getByTestId('password-forced')).toBeVisible();
    await teacher.goto('/growth');
    await expect(teacher).toHaveURL(PASSWORD_PAGE);
    await expect(teacher.getByTestId('password-forced')).toBeVisible();

    const chosen = chosenPassword();
    await teacher.getByTestId('current-password').fill(oneTime);
    await teacher.getByTestId('new-password').fill(chosen);
    await teacher.getByTestId('repeat-password').fill(chosen);
    await teacher.getByTestId('password-submit').click();
    await expect(teacher).toHaveURL(/\/growth$/);
    await expect(teacher.getByTestId('growth-head').locator('h2')).toHaveText(newcomer.name);

    // The one-time password is spent; the chosen one opens the app at its home page.
    await teacher.getByTestId('logout').click();
    await expect(teacher).toHaveURL(/\/login$/);
    await fillLogin(teacher, newcomer.login, oneTime);
    await expect(teacher).toHaveURL(/\/login\?form=login&error=bad_credentials$/);
    await fillLogin(teacher, newcomer.login, chosen);
    await expect(teacher).toHaveURL(/\/$/);
    await expect(teacher.getByTestId('home')).toBeVisible();
    await teacher.context().close();
  });
});
