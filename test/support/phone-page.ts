// Steps every phone test takes on the app's page.
import type { Page } from 'playwright-core'
import { EVENT_DEADLINE_MS } from './until.js'

/** Signs a new patient up with `passphrase` on a freshly opened app; resolves to the recovery phrase's words once the notebook opens. */
export async function signUp (page: Page, passphrase: string): Promise<string[]> {
  await page.fill('#passphrase', passphrase)
  await page.click('#welcome-submit')
  const words = page.locator('#phrase li')
  await words.first().waitFor()
  const phrase = await words.allTextContents()
  await page.click('#phrase-done')
  return phrase
}

/** The patient's id, as the page's status panel shows it once the page's node runs (a new device first replays the consent chain). */
export async function patientId (page: Page): Promise<string> {
  const dd = page.locator('#status dt:text-is("Patient ID") + dd')
  await dd.waitFor({ timeout: 2 * EVENT_DEADLINE_MS })
  return (await dd.textContent()) ?? ''
}

/** Adds a blood pressure reading with the page's form; resolves once the page confirms it. */
export async function addBloodPressure (page: Page, systolic: number, diastolic: number): Promise<void> {
  await page.selectOption('#add-kind', 'bp')
  await page.fill('#add-systolic', String(systolic))
  await page.fill('#add-diastolic', String(diastolic))
  await page.click('#add-submit')
  await page.locator('#add-result', { hasText: `Added blood pressure ${systolic}/${diastolic} mmHg.` }).waitFor()
}
