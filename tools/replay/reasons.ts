/** Descriptions of the reason codes a ProcessingFailed record can carry in a replay. */
import { FAILURE_REASONS } from '../../shared/errors.js';

export const FAILURE_REASON_TEXT: Readonly<Record<string, string>> = {
  ...FAILURE_REASONS,
  invocation_failed: 'the handler invocation failed; Firehose would retry the batch, then fail it',
  unknown: 'the result could not be matched to an input record',
};
