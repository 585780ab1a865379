export {
  array,
  assertAvroName,
  bool,
  date,
  doc,
  enumOf,
  id,
  instant,
  int,
  literal,
  long,
  optional,
  str,
  withDefault,
  type Fields,
  type Json,
  type Spec,
  type StrOptions,
} from './spec.js';
export { foldNamedTypes, record, type ShapeOf } from './record.js';
export { currency, money } from './money.js';
