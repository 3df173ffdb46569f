/**
 * Structured JSON logs, one line each, straight to stdout (CloudWatch Logs keeps
 * them as they are). Callers pass counts, ids and reason codes; never event
 * content, which is personal data.
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Readonly<Record<string, unknown>>;

export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Keys added to every later line (e.g. the invocation id). */
  setKeys(fields: LogFields): void;
}

export function createLog(
  service: string,
  level: LogLevel = 'INFO',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Log {
  const threshold = LOG_LEVELS.indexOf(level);
  let keys: LogFields = {};
  const emit = (lvl: LogLevel) => (message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lvl) < threshold) return;
    write(JSON.stringify({ level: lvl, timestamp: new Date().toISOString(), service, message, ...keys, ...fields }));
  };
  return {
    debug: emit('DEBUG'),
    info: emit('INFO'),
    warn: emit('WARN'),
    error: emit('ERROR'),
    setKeys: (fields) => {
      keys = { ...keys, ...fields };
    },
  };
}
