export {
  absenceCutoff,
  HOLD_ALL,
  lowWatermark,
  sourcesIdle,
  type PartitionProgress,
} from './watermark.js';
export {
  CONSUMER_PROGRESS_TABLE,
  progressOf,
  recordProgress,
  type AppliedProgress,
} from './record.js';
export {
  boundedWatermark,
  readWatermark,
  sourceWatermark,
  type SourceWatermarkOptions,
} from './read.js';
export { SENT_AT_HEADER, sentAtOf, writtenAtOf } from './sent-at.js';
