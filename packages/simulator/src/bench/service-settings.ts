/**
 * Settings the bench gives services beyond their defaults, printed with the results. The
 * providers here are local sinks, and notification's per-channel rate limits (20 e-mails/s,
 * 1 SMS/s by default, modelling a provider account) would otherwise set the drain time of the
 * unpaced phase: 700-odd notices at 20/s take 37 s whatever Forewarn does. The limiter itself is
 * covered by notification's tests.
 */
export const BENCH_SERVICE_SETTINGS: Record<string, Record<string, string>> = {
  notification: {
    RATE_EMAIL_PER_SECOND: '10000',
    RATE_SMS_PER_SECOND: '10000',
    RATE_WEBHOOK_PER_SECOND: '10000',
  },
};

/** One line for the results: `service: NAME=value, ...; ...`. */
export function describeSettings(settings: Record<string, Record<string, string>>): string {
  return Object.entries(settings)
    .map(([service, env]) => {
      const pairs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
      return `${service}: ${pairs.join(', ')}`;
    })
    .join('; ');
}
