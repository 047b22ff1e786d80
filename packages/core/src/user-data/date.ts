/** YYYYMMDD, YYYY-MM-DD or YYYY/MM/DD (one separator used throughout). */
const DATE = /^(\d{4})([-/]?)(\d{2})\2(\d{2})$/;
/** An ISO 8601 date-time; its calendar date is taken as written, whatever the offset. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** Earlier years are placeholders ("0001-01-01", "1800-01-01"), not birthdays. */
const EARLIEST_YEAR = 1900;

/**
 * A date of birth as Pinterest hashes it: YYYYMMDD. Undefined unless the value is a real calendar
 * date (so "2023-02-30" is dropped, never sent).
 *
 * @example
 * normalizeDateOfBirth('1990-07-04'); // '19900704'
 * normalizeDateOfBirth('1990-07-04T00:00:00Z'); // '19900704'
 */
export function normalizeDateOfBirth(value: string): string | undefined {
  const text = value.trim();
  const match = DATE.exec(text);
  if (match) return formatDate(Number(match[1]), Number(match[3]), Number(match[4]));
  const dateTime = ISO_DATE_TIME.exec(text);
  if (dateTime) return formatDate(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3]));
  return undefined;
}

/**
 * A Date's calendar day as YYYYMMDD. Birthdays usually arrive as midnight UTC (ISO strings,
 * Prisma) or as local midnight (node-postgres DATE columns), so a Date at midnight UTC reads its
 * UTC day and any other Date its local day; either way the day the site stored is kept.
 *
 * @example
 * dateOfBirthFromDate(new Date('1990-07-04')); // '19900704'
 */
export function dateOfBirthFromDate(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const isUtcMidnight = date.getTime() % 86_400_000 === 0;
  return isUtcMidnight
    ? formatDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
    : formatDate(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

function formatDate(year: number, month: number, day: number): string | undefined {
  if (year < EARLIEST_YEAR || year > 9999 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids daylight-saving gaps.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
