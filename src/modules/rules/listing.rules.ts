// The listing rules as pure functions: given the decision dates of a subject's qualifying records,
// does a rule list it, from when, on which records? A window of `windowDays` days holds the
// records decided on that day and the windowDays - 1 days before it (365: any one year); a rule
// lists when a window holds MORE than its threshold. The first such window decides: the entry
// takes effect on the date of the record that tipped it, and stands on the records in it.

export interface Fact { recordId: string; date: string }
export interface FleetFact extends Fact { vehicleId: string }
export interface Listing { effectiveFrom: string; basis: string[] }

const DAY = 86_400_000;
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);

const byDate = <F extends Fact>(facts: readonly F[]) =>
  [...facts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));

/** The records within the window that ends on `date` (inclusive), of facts sorted by date. */
function windowEndingOn<F extends Fact>(sorted: readonly F[], date: string, windowDays: number): F[] {
  const end = dayNumber(date);
  return sorted.filter((f) => { const d = dayNumber(f.date); return d <= end && end - d < windowDays; });
}

/** COUNT: more than `threshold` records within one window. */
export function countListing(facts: readonly Fact[], rule: { threshold: number; windowDays: number }): Listing | null {
  const sorted = byDate(facts);
  for (const f of sorted) {
    const inWindow = windowEndingOn(sorted, f.date, rule.windowDays);
    if (inWindow.length > rule.threshold) return { effectiveFrom: f.date, basis: inWindow.map((r) => r.recordId) };
  }
  return null;
}

/**
 * FLEET_SHARE: the distinct vehicles with a qualifying record within one window are more than
 * `threshold` percent of the operator's fleet (`fleetSize` vehicles).
 */
export function fleetListing(facts: readonly FleetFact[], fleetSize: number, rule: { threshold: number; windowDays: number }): Listing | null {
  if (fleetSize <= 0) return null;
  const sorted = byDate(facts);
  for (const f of sorted) {
    const inWindow = windowEndingOn(sorted, f.date, rule.windowDays);
    const vehicles = new Set(inWindow.map((r) => r.vehicleId)).size;
    // vehicles / fleet > threshold %, in integers.
    if (vehicles * 100 > rule.threshold * fleetSize) return { effectiveFrom: f.date, basis: inWindow.map((r) => r.recordId) };
  }
  return null;
}

/** One step before a COUNT rule: the window ending `today` holds exactly `threshold` records (and threshold > 0). */
export function nearCountListing(facts: readonly Fact[], rule: { threshold: number; windowDays: number }, today: string): Fact[] | null {
  if (rule.threshold <= 0) return null;
  const inWindow = windowEndingOn(byDate(facts), today, rule.windowDays);
  return inWindow.length === rule.threshold ? inWindow : null;
}

/** The first day of the window that ends on `date`. */
export function windowStart(date: string, windowDays: number): string {
  return new Date((dayNumber(date) - windowDays + 1) * DAY).toISOString().slice(0, 10);
}
