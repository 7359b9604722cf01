// The register's calendar is China Standard Time: "today" is the date in Asia/Shanghai,
// whatever the server's time zone.
const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
});

/** YYYY-MM-DD in China Standard Time. */
export function chinaDate(at: Date = new Date()): string {
  return formatter.format(at);
}
