/**
 * How long a moving shipment may go without a carrier scan before it counts as stalled
 * (PRODUCT.md: 24 h domestic, 72 h international). The shipment service owns the judgement and
 * reports each silence as shipment.no-scan-yet; everyone else reads that event.
 */
export interface SilencePolicy {
  domesticHours: number;
  internationalHours: number;
}

export const DEFAULT_SILENCE_POLICY: SilencePolicy = { domesticHours: 24, internationalHours: 72 };

export function silenceThresholdHours(international: boolean, policy: SilencePolicy): number {
  return international ? policy.internationalHours : policy.domesticHours;
}
