/**
 * Byte-level fixtures for the record layer, checked by test/broker/records.test.ts.
 * CRC-32C vectors are from RFC 3720 (iSCSI), appendix B.4; the batch was written by librdkafka 2.0.2
 * (`kcat -P -K:` with the lines k1:v1, k2:v2, k3:v3) and stored by this broker at base offset 0.
 */
export const CRC32C_VECTORS: readonly { readonly input: Buffer; readonly crc: number }[] = [
  { input: Buffer.from('123456789', 'ascii'), crc: 0xe3069283 },
  { input: Buffer.alloc(32, 0x00), crc: 0x8a9136aa },
  { input: Buffer.alloc(32, 0xff), crc: 0x62a8ab43 },
  { input: Buffer.from(Array.from({ length: 32 }, (_, i) => i)), crc: 0x46dd794e },
  { input: Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), crc: 0x113fdb5c },
];

export const LIBRDKAFKA_BATCH_HEX =
  '000000000000000000000052000000000209493a18000000000002000001a2006cada3000001a2006cada3ffffffffffff' +
  'ffffffffffffffff0000000314000000046b310476310014000002046b320476320014000004046b3304763300';

export const LIBRDKAFKA_BATCH_RECORDS: readonly (readonly [string, string])[] = [
  ['k1', 'v1'],
  ['k2', 'v2'],
  ['k3', 'v3'],
];
