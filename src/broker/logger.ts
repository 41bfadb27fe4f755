/** The logging surface the broker needs; pino loggers and `console` both satisfy it. */
export interface BrokerLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Default: warnings and errors to stderr, info dropped. */
export const stderrLogger: BrokerLogger = {
  info: () => {},
  warn: (msg) => process.stderr.write(`[broker] warn: ${msg}\n`),
  error: (msg) => process.stderr.write(`[broker] error: ${msg}\n`),
};
