export { createLogger, redactedPaths, type Logger } from './logger.js';
export { createMetricsRegistry, Registry, Counter, Gauge, Histogram } from './metrics.js';
