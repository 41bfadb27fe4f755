/**
 * Confluent's Schema Registry wire format: magic byte 0, a 4-byte big-endian schema id, then (Protobuf
 * only) the message-index path as zigzag varints (a single 0 meaning [0]), then the payload.
 */
import { FormatError } from '../format.ts';

export interface WireHeader {
  readonly schemaId: number;
  /** Offset of the payload (after the id; for Protobuf, before the message indexes). */
  readonly offset: number;
}

export function readWireHeader(bytes: Uint8Array): WireHeader {
  if (bytes.length < 5)
    throw new FormatError(
      `record of ${bytes.length} bytes is too short for the Schema Registry wire format`,
      0,
    );
  if (bytes[0] !== 0)
    throw new FormatError(`unknown magic byte ${bytes[0]} (expected 0, the Schema Registry wire format)`, 0);
  const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  return { schemaId, offset: 5 };
}

/** Reads the schema id of a record, or undefined when the record is not in the wire format. */
export function peekSchemaId(bytes: Uint8Array): number | undefined {
  if (bytes.length < 5 || bytes[0] !== 0) return undefined;
  return ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
}

export function writeWireHeader(schemaId: number, messageIndexes?: readonly number[]): Uint8Array {
  const head = [
    0,
    (schemaId >>> 24) & 0xff,
    (schemaId >>> 16) & 0xff,
    (schemaId >>> 8) & 0xff,
    schemaId & 0xff,
  ];
  if (messageIndexes !== undefined) {
    if (messageIndexes.length === 1 && messageIndexes[0] === 0) head.push(0);
    else {
      writeZigzag(head, messageIndexes.length);
      for (const i of messageIndexes) writeZigzag(head, i);
    }
  }
  return Uint8Array.from(head);
}

function writeZigzag(out: number[], n: number): void {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/** Reads the Protobuf message-index path at `offset`; returns it and the payload offset. */
export function readMessageIndexes(bytes: Uint8Array, offset: number): { indexes: number[]; offset: number } {
  let pos = offset;
  const readZigzag = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length) throw new FormatError('truncated Protobuf message-index varint', pos);
      const b = bytes[pos++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new FormatError('malformed Protobuf message-index varint', pos);
    }
    return (result >>> 1) ^ -(result & 1);
  };
  const count = readZigzag();
  if (count === 0) return { indexes: [0], offset: pos };
  if (count < 0 || count > 100)
    throw new FormatError(`invalid Protobuf message-index count ${count}`, offset);
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) indexes.push(readZigzag());
  return { indexes, offset: pos };
}

/** Concatenates a header and a payload into one record. */
export function withHeader(header: Uint8Array, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(header.length + payload.length);
  out.set(header, 0);
  out.set(payload, header.length);
  return out;
}
