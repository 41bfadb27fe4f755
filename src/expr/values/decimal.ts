/**
 * DECIMAL values: a bigint holding the unscaled value; the scale comes from the type. Results that do
 * not fit the declared precision become null, as Flink's DecimalData.fromBigDecimal does.
 */
import { divisionByZero, ExpressionError } from '../errors.ts';

const POW10: bigint[] = [1n];
for (let i = 1; i <= 80; i++) POW10.push(POW10[i - 1]! * 10n);
export const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** Number of decimal digits of |x| (0 has one digit). */
export function digitCount(x: bigint): number {
  return abs(x).toString().length;
}

export function fitsPrecision(unscaled: bigint, precision: number): boolean {
  return abs(unscaled) < pow10(precision);
}

/** Divides by 10^n rounding half away from zero (Java RoundingMode.HALF_UP). */
export function divPow10HalfUp(x: bigint, n: number): bigint {
  if (n <= 0) return x * pow10(-n);
  const d = pow10(n);
  const q = x / d;
  const r = abs(x % d);
  if (r * 2n >= d) return x < 0n ? q - 1n : q + 1n;
  return q;
}

/** Changes the scale of an unscaled value, rounding HALF_UP when digits are dropped. */
export function rescale(unscaled: bigint, fromScale: number, toScale: number): bigint {
  if (toScale === fromScale) return unscaled;
  if (toScale > fromScale) return unscaled * pow10(toScale - fromScale);
  return divPow10HalfUp(unscaled, fromScale - toScale);
}

/** Rescales and checks the precision: null when the value does not fit DECIMAL(precision, toScale). */
export function toDecimal(
  unscaled: bigint,
  fromScale: number,
  precision: number,
  toScale: number,
): bigint | null {
  const v = rescale(unscaled, fromScale, toScale);
  return fitsPrecision(v, precision) ? v : null;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses decimal text into an exact (unscaled, scale) pair; undefined when it is not a number. */
export function parseDecimalText(text: string): { unscaled: bigint; scale: number } | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const exp = m[4] ? Number.parseInt(m[4], 10) : 0;
  let unscaled = BigInt((intPart || '0') + frac);
  if (m[1] === '-') unscaled = -unscaled;
  let scale = frac.length - exp;
  if (scale < 0) {
    unscaled *= pow10(-scale);
    scale = 0;
  }
  return { unscaled, scale };
}

/** Parses text as DECIMAL(p, s) (HALF_UP); null on overflow; throws when the text is not a number. */
export function parseDecimal(text: string, precision: number, scale: number): bigint | null {
  const parsed = parseDecimalText(text);
  if (!parsed)
    throw new ExpressionError(`Cannot parse '${text}' as DECIMAL(${precision}, ${scale})`, 'CAST_FAILED');
  return toDecimal(parsed.unscaled, parsed.scale, precision, scale);
}

/** Plain text with exactly `scale` fraction digits (Java BigDecimal.toPlainString). */
export function decimalToPlainString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = abs(unscaled).toString();
  if (scale === 0) return neg ? `-${digits}` : digits;
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const s = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return neg ? `-${s}` : s;
}

/** Java BigDecimal.toString: plain unless the adjusted exponent is below -6 (`0E-18`, `1E-7`). */
export function decimalToJavaString(unscaled: bigint, scale: number): string {
  const digits = abs(unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) return decimalToPlainString(unscaled, scale);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const exp = adjusted >= 0 ? `+${adjusted}` : `${adjusted}`;
  return `${unscaled < 0n ? '-' : ''}${mantissa}E${exp}`;
}

/** Nearest double (Java BigDecimal.doubleValue is correctly rounded, as is parseFloat). */
export function decimalToDouble(unscaled: bigint, scale: number): number {
  return Number.parseFloat(decimalToPlainString(unscaled, scale));
}

/** Java `BigDecimal.valueOf(double)` (via the shortest repr) rounded HALF_UP to DECIMAL(p, s). */
export function doubleToDecimal(d: number, precision: number, scale: number): bigint | null {
  if (!Number.isFinite(d)) return null;
  const parsed = parseDecimalText(String(d))!;
  return toDecimal(parsed.unscaled, parsed.scale, precision, scale);
}

/** Truncates toward zero to an integer bigint (Java BigDecimal.toBigInteger). */
export function decimalToBigInteger(unscaled: bigint, scale: number): bigint {
  return scale === 0 ? unscaled : unscaled / pow10(scale);
}

export function compareDecimal(a: bigint, aScale: number, b: bigint, bScale: number): number {
  const s = Math.max(aScale, bScale);
  const x = rescale(a, aScale, s);
  const y = rescale(b, bScale, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(
  a: bigint,
  as: number,
  b: bigint,
  bs: number,
  p: number,
  s: number,
): bigint | null {
  const w = Math.max(as, bs);
  return toDecimal(rescale(a, as, w) + rescale(b, bs, w), w, p, s);
}
export function subtractDecimal(
  a: bigint,
  as: number,
  b: bigint,
  bs: number,
  p: number,
  s: number,
): bigint | null {
  const w = Math.max(as, bs);
  return toDecimal(rescale(a, as, w) - rescale(b, bs, w), w, p, s);
}
export function multiplyDecimal(
  a: bigint,
  as: number,
  b: bigint,
  bs: number,
  p: number,
  s: number,
): bigint | null {
  return toDecimal(a * b, as + bs, p, s);
}

/**
 * Flink divides with MathContext.DECIMAL128 (34 significant digits, HALF_EVEN) and then rounds the
 * quotient HALF_UP to the result scale; both roundings are reproduced here.
 */
export function divideDecimal(
  a: bigint,
  as: number,
  b: bigint,
  bs: number,
  p: number,
  s: number,
): bigint | null {
  if (b === 0n) throw divisionByZero();
  if (a === 0n) return toDecimal(0n, 0, p, s);
  const num = abs(a) * pow10(bs);
  const den = abs(b) * pow10(as);
  const negative = a < 0n !== b < 0n;
  // choose a scale x giving the quotient exactly 34 significant digits
  const probe = num.toString().length - den.toString().length;
  let x = 34 - probe;
  let q = scaledQuotient(num, den, x);
  if (q.toString().length > 34) {
    x -= 1;
  } else if (q.toString().length < 34) {
    x += 1;
  }
  q = roundHalfEvenQuotient(num, den, x);
  if (q.toString().length > 34) {
    // rounding carried into a 35th digit (e.g. 9.99..95 → 10.00..0)
    x -= 1;
    q = roundHalfEvenQuotient(num, den, x);
  }
  const signed = negative ? -q : q;
  return x >= 0 ? toDecimal(signed, x, p, s) : toDecimal(signed * pow10(-x), 0, p, s);
}

function scaledQuotient(num: bigint, den: bigint, x: number): bigint {
  return x >= 0 ? (num * pow10(x)) / den : num / (den * pow10(-x));
}
function roundHalfEvenQuotient(num: bigint, den: bigint, x: number): bigint {
  const n = x >= 0 ? num * pow10(x) : num;
  const d = x >= 0 ? den : den * pow10(-x);
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Java BigDecimal.remainder: sign follows the dividend. */
export function moduloDecimal(
  a: bigint,
  as: number,
  b: bigint,
  bs: number,
  p: number,
  s: number,
): bigint | null {
  if (b === 0n) throw divisionByZero();
  const w = Math.max(as, bs);
  return toDecimal(rescale(a, as, w) % rescale(b, bs, w), w, p, s);
}

/** ROUND(x, n) HALF_UP to `n` fraction digits, returned at `resultScale`. */
export function roundDecimal(a: bigint, scale: number, n: number, resultScale: number): bigint {
  const rounded = n >= scale ? a : divPow10HalfUp(a, scale - n) * pow10(Math.max(0, -n));
  const roundedScale = n >= scale ? scale : Math.max(n, 0);
  return rescale(rounded, roundedScale, resultScale);
}
/** TRUNCATE(x, n) toward zero. */
export function truncateDecimal(a: bigint, scale: number, n: number, resultScale: number): bigint {
  if (n >= scale) return rescale(a, scale, resultScale);
  const dropped = (a / pow10(scale - n)) * pow10(Math.max(0, -n));
  return rescale(dropped, Math.max(n, 0), resultScale);
}
export function floorDecimal(a: bigint, scale: number): bigint {
  const d = pow10(scale);
  const q = a / d;
  return a < 0n && a % d !== 0n ? q - 1n : q;
}
export function ceilDecimal(a: bigint, scale: number): bigint {
  const d = pow10(scale);
  const q = a / d;
  return a > 0n && a % d !== 0n ? q + 1n : q;
}
