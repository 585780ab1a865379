export { run, USAGE } from './run.js';
export { EXIT, CliError, type ExitCode } from './exit.js';
export { processIo, type Io } from './io.js';
export { readEvents, type ReadResult, type GoodEvent, type BadLine } from './read-events.js';
export {
  readDlq,
  dlqTopicOf,
  redrivenTopicOf,
  redriveMessage,
  settleDlqEntries,
  type DlqEntry,
  type DlqMarker,
  type DlqAction,
} from './dlq.js';
export { cliKafka, readTopic, type KafkaTarget, type ReadMessage } from './kafka.js';
