import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, defaultCalendars, isBusinessTime, isPublicHoliday } from '../index.js';

// Where Node keeps the library once required: its CommonJS entry, in this test file's own process.
const require = createRequire(import.meta.url);
const entry = require.resolve('date-holidays');
const loaded = () => entry in require.cache;

describe('date-holidays is loaded at the first question about public holidays', () => {
  it('not at import, not for calendars without holidays, then once a calendar asks', () => {
    expect(loaded()).toBe(false);

    const feeds = defaultCalendars['source-feeds']!;
    expect(isBusinessTime(feeds, new Date('2025-11-27T15:00:00Z'))).toBe(true);
    expect(loaded()).toBe(false);

    // Thanksgiving 2025 is a US public holiday: 16:30 on the Wednesday plus an hour ends on Friday.
    const usEast = defaultCalendars['us-east']!;
    expect(isPublicHoliday({ country: 'US' }, '2025-11-27')).toBe(true);
    expect(loaded()).toBe(true);
    expect(addBusinessMinutes(usEast, new Date('2025-11-26T21:30:00Z'), 60).toISOString()).toBe(
      '2025-11-28T13:30:00.000Z',
    );
  });
});
