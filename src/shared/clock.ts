// The register's calendar is China Standard Time: "today" is the date in Asia/Shanghai,
// whatever the server's time zone.
const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
});

/** The date of the last minute asked for: every request asks, and a date only changes on a minute (the offsets are whole hours). */
let lastMinute = Number.NaN;
let lastDate = "";

/** YYYY-MM-DD in China Standard Time. */
export function chinaDate(at: Date = new Date()): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = formatter.format(at);
    lastMinute = minute;
  }
  return lastDate;
}
