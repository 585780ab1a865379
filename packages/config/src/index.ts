export { loadConfig, ConfigError } from './load-config.js';
export { commonEnv, csvList, boolFlag, type CommonEnv } from './common.js';
