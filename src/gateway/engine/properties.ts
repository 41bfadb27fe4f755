/**
 * Confluent-style statement properties (`sql.current-catalog`, `sql.local-time-zone`, ...) and their
 * Flink configuration keys. Any other key is passed through as a SET key.
 */

/** Confluent property → Flink option read by the planner. */
export const PROPERTY_ALIASES: Readonly<Record<string, string>> = {
  'sql.local-time-zone': 'table.local-time-zone',
  'sql.state-ttl': 'table.exec.state.ttl',
};

export const CURRENT_CATALOG = 'sql.current-catalog';
export const CURRENT_DATABASE = 'sql.current-database';

/** The session configuration for a statement's properties (catalog and database are not config). */
export function configFromProperties(properties: Readonly<Record<string, string>>): Map<string, string> {
  const config = new Map<string, string>();
  for (const [key, value] of Object.entries(properties)) {
    if (key === CURRENT_CATALOG || key === CURRENT_DATABASE) continue;
    config.set(PROPERTY_ALIASES[key] ?? key, value);
  }
  return config;
}
