export { createLogger, redactedPaths, redactPersonalData, type Logger } from './logger.js';
export { createMetricsRegistry, Registry, Counter, Gauge, Histogram } from './metrics.js';
