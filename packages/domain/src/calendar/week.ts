/**
 * The Monday (UTC) of the ISO week an instant falls in, as YYYY-MM-DD: the key weekly trends of
 * the scorecards group by.
 */
export function isoWeekMonday(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}
