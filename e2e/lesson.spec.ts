import { expect, test } from '@playwright/test';
import { menuItem, openApp } from './helpers';

const withWasm = (url: string) => `${url.split('#')[0]}?backend=wasm#${url.split('#')[1]}`;

test('a teacher hides views, panels and controls; the lesson link opens exactly that, and "Reset to lesson" brings it back', async ({
  page,
  browser,
}) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('prompt-input').fill('the money in the bank was');
  await page.getByTestId('tab-sampling').click();
  await (await menuItem(page, 'lesson-button')).click();
  const editor = page.getByTestId('lesson-editor');
  await expect(editor).toBeVisible();
  for (const id of ['view.attention', 'view.drift', 'view.training', 'shell.model', 'sampling.entropy', 'sampling.explain'])
    await editor.getByTestId(`lesson-item-${id}`).uncheck();
  // A hidden view's panels cannot be chosen on their own.
  await expect(editor.getByTestId('lesson-item-attention.grid')).toBeDisabled();
  await editor.getByTestId('lesson-make').click();
  const url = await editor.getByTestId('lesson-url').inputValue();
  expect(url).toContain('#');
  await page.keyboard.press('Escape');

  // The teacher's page is now the lesson too.
  await expect(page.getByTestId('lesson-bar')).toBeVisible();
  await expect(page.getByTestId('tab-attention')).toHaveCount(0);

  const context = await browser.newContext();
  const student = await context.newPage();
  await student.goto(withWasm(url));
  await expect(student.getByTestId('lesson-bar')).toBeVisible({ timeout: 90_000 });
  await expect(student.getByTestId('lesson-bar')).toHaveAttribute('data-changed', 'false');
  await expect(student.getByTestId('lesson-reset')).toBeDisabled();
  // Only the chosen views, in order; the chosen one is open.
  await expect(student.locator('[role="tab"]')).toHaveText(['Sampling', 'Prompting modes']);
  await expect(student.getByTestId('tab-sampling')).toHaveAttribute('aria-selected', 'true');
  await expect(student.getByTestId('prompt-input')).toHaveValue('the money in the bank was');
  await expect(student.getByTestId('model-picker')).toHaveCount(0);
  await expect(student.locator('[data-panel="sampling.controls"]')).toBeVisible();
  await expect(student.locator('[data-panel="sampling.explain"]')).toHaveCount(0);
  await student.getByTestId('step').click();
  await expect(student.getByTestId('generated-text')).toHaveAttribute('data-tokens', /\d/);
  await expect(student.locator('[data-panel="sampling.chart"]')).toBeVisible();
  await expect(student.locator('[data-panel="sampling.entropy"]')).toHaveCount(0);
  // Digit shortcuts follow the lesson's tabs: 2 is the second shown view.
  await student.locator('body').click({ position: { x: 5, y: 5 } });
  await student.keyboard.press('2');
  await expect(student.getByTestId('tab-prompting')).toHaveAttribute('aria-selected', 'true');

  // Students explore; the address bar keeps the lesson, and one click restores it.
  const lessonHash = new URL(student.url()).hash;
  await student.getByTestId('prompt-input').fill('a completely different prompt');
  await expect(student.getByTestId('lesson-bar')).toHaveAttribute('data-changed', 'true');
  await student.waitForTimeout(600);
  expect(new URL(student.url()).hash).toBe(lessonHash);
  await student.getByTestId('lesson-reset').click();
  await expect(student.getByTestId('prompt-input')).toHaveValue('the money in the bank was');
  await expect(student.getByTestId('tab-sampling')).toHaveAttribute('aria-selected', 'true');
  await expect(student.getByTestId('lesson-bar')).toHaveAttribute('data-changed', 'false');

  // A reload also starts from the lesson.
  await student.getByTestId('prompt-input').fill('something else');
  await student.reload();
  await expect(student.getByTestId('prompt-input')).toHaveValue('the money in the bank was', { timeout: 90_000 });
  await expect(student.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await expect(student.getByTestId('step')).toBeVisible();
  await student.screenshot({ path: test.info().outputPath('lesson-student.png'), fullPage: true });

  // The language is the reader's own: switching it is not a change to the lesson, survives a reload and a reset.
  await student.getByTestId('lang-switch').selectOption('zh');
  await expect(student.getByTestId('lesson-reset')).toHaveText('回到课堂初始状态');
  await expect(student.getByTestId('lesson-bar')).toHaveAttribute('data-changed', 'false');
  await student.getByTestId('prompt-input').fill('another prompt');
  await student.getByTestId('lesson-reset').click();
  await expect(student.getByTestId('prompt-input')).toHaveValue('the money in the bank was');
  await expect(student.getByTestId('lesson-reset')).toHaveText('回到课堂初始状态');
  await student.waitForTimeout(600);
  await student.reload();
  await expect(student.getByTestId('lesson-reset')).toHaveText('回到课堂初始状态', { timeout: 90_000 });
  await expect(student.getByTestId('lesson-bar')).toHaveAttribute('data-changed', 'false');
  await context.close();

  // The teacher ends the lesson: everything is back, and the address bar follows the state again.
  await (await menuItem(page, 'lesson-button')).click();
  await page.getByTestId('lesson-stop').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  await expect(page.locator('[role="tab"]')).toHaveCount(5);
  await expect(page.getByTestId('model-picker')).toBeVisible();
});
