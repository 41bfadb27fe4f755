/** Byte-level helpers shared by the formats: base64, big-endian two's-complement decimals, UTF-8. */
import { FormatError } from './format.ts';

export const utf8Encoder = new TextEncoder();
export const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(text: string): Uint8Array {
  if (!BASE64_RE.test(text))
    throw new FormatError(`'${text.length > 40 ? `${text.slice(0, 40)}...` : text}' is not valid base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Big-endian two's-complement bytes (Java BigInteger.toByteArray, as Avro's decimal uses) to bigint. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '';
  for (const b of bytes) hex += b < 16 ? `0${b.toString(16)}` : b.toString(16);
  const unsigned = BigInt(`0x${hex}`);
  return (bytes[0]! & 0x80) !== 0 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

/** Minimal big-endian two's-complement bytes of a bigint (Java BigInteger.toByteArray). */
export function bigintToBytes(value: bigint): Uint8Array {
  let length = 1;
  while (value < -(1n << BigInt(length * 8 - 1)) || value >= 1n << BigInt(length * 8 - 1)) length++;
  const out = new Uint8Array(length);
  let v = BigInt.asUintN(length * 8, value);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A private copy, so rows never alias (and keep alive) a larger record buffer. */
export const copyBytes = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new FormatError('The record is not valid UTF-8');
  }
}
