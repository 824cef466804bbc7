import y2025 from './cn-holidays/2025.json'
import y2026 from './cn-holidays/2026.json'
import { buildCalendar, holidayYearSchema } from './working-days'

/**
 * Every checked-in year of China's holiday notices. To add a year: put its notice in
 * cn-holidays/YYYY.json (README, "Adding a year of holidays") and list it here;
 * cn-calendar.test.ts checks every file in the folder is listed and valid.
 */
export const CN_HOLIDAY_YEARS = [y2025, y2026].map((y) => holidayYearSchema.parse(y))

/** China's official working-day calendar, as far as the notices go. */
export const CN_CALENDAR = buildCalendar(CN_HOLIDAY_YEARS)
