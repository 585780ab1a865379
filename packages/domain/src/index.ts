export * from './calendar/business-calendar.js';
export * from './calendar/cached-zone.js';
export * from './calendar/holidays.js';
export * from './calendar/regions.js';
export * from './lateness.js';
export * from './promise.js';
export * from './silence.js';
export * from './feed.js';
