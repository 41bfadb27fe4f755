// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the test writes ${VAR} references as catalog files contain them
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../../src/catalog/kafka/definitions.ts';

describe('catalog definitions: environment references', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-env-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(
    file,
    [
      'name: prod',
      'kafka:',
      '  bootstrap.servers: ${BROKERS:-localhost:9092}',
      '  properties:',
      '    sasl.jaas.config: user="svc" password="${KAFKA_PASSWORD}"',
      'schemaRegistry:',
      '  url: ${REGISTRY_URL:-http://localhost:8081}',
      '',
    ].join('\n'),
  );

  it('resolves ${NAME} from the environment and ${NAME:-fallback} when unset', () => {
    const d = loadDefinitionFile(file, { KAFKA_PASSWORD: 'pw', REGISTRY_URL: 'https://sr.example:443' });
    expect(d.kafka['bootstrap.servers']).toBe('localhost:9092');
    expect(d.kafka['sasl.jaas.config']).toBe('user="svc" password="pw"');
    expect(d.schemaRegistry.url).toBe('https://sr.example:443');
  });

  it('names the field and the variable when a reference has no value', () => {
    expect(() => loadDefinitionFile(file, {})).toThrow(
      /field 'kafka\.properties\.sasl\.jaas\.config' refers to the environment variable KAFKA_PASSWORD, which is not set\. Set KAFKA_PASSWORD/,
    );
  });

  it('the shipped default catalog follows the embedded broker and registry that tributary start bound', () => {
    const d = loadDefinitionFile('catalogs/default.json', {
      TRIBUTARY_EMBEDDED_BOOTSTRAP: '127.0.0.1:40001',
      TRIBUTARY_EMBEDDED_REGISTRY: 'http://127.0.0.1:40002',
    });
    expect(d.kafka['bootstrap.servers']).toBe('127.0.0.1:40001');
    expect(d.schemaRegistry.url).toBe('http://127.0.0.1:40002');
    expect(loadDefinitionFile('catalogs/default.json', {}).kafka['bootstrap.servers']).toBe('127.0.0.1:9092');
  });
});
