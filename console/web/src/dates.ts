// Dates as Beijing dates (Asia/Shanghai), whatever the browser's zone.
const BEIJING = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })

export function beijingToday(now: Date = new Date()): string {
  return BEIJING.format(now) // YYYY-MM-DD
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 86_400_000
}

/** Days from today (Beijing) to `due`: negative when overdue. */
export function daysUntil(due: string, today: string = beijingToday()): number {
  return dayNumber(due) - dayNumber(today)
}

export type Urgency = 'overdue' | 'soon' | 'later'

/** overdue red; within 3 days amber (shared/CONSOLE.md). */
export function urgency(days: number): Urgency {
  return days < 0 ? 'overdue' : days <= 3 ? 'soon' : 'later'
}

export const TAG: Record<Urgency, 'danger' | 'warning' | 'info'> = { overdue: 'danger', soon: 'warning', later: 'info' }

const BEIJING_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' })

/** An instant as Beijing date and time: 2026-12-01 09:30. */
export function beijingDateTime(iso: string): string {
  return BEIJING_TIME.format(new Date(iso))
}

/** The ISO date `days` after `iso` (negative: before). */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10)
}

/** The Monday of the week (Monday to Sunday) holding `iso`. */
export function mondayOf(iso: string): string {
  const weekday = (new Date(dayNumber(iso) * 86_400_000).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(iso, -weekday)
}
