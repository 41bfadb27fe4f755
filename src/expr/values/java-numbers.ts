/**
 * Java's Double.toString / Float.toString: the shortest digits that round-trip (JDK 19+ algorithm,
 * which V8 also implements), printed plainly for 1e-3 <= |x| < 1e7 and as `d.dddE±n` otherwise.
 */

function layout(negative: boolean, digits: string, exp10: number): string {
  // value = 0.d1d2d3... * 10^(exp10 + 1)  — i.e. d1 is the 10^exp10 digit
  const sign = negative ? '-' : '';
  if (exp10 >= -3 && exp10 < 7) {
    if (exp10 >= 0) {
      const intLen = exp10 + 1;
      const intPart =
        digits.length >= intLen ? digits.slice(0, intLen) : digits + '0'.repeat(intLen - digits.length);
      const frac = digits.length > intLen ? digits.slice(intLen) : '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp10 - 1)}${digits}`;
  }
  const frac = digits.length > 1 ? digits.slice(1) : '0';
  return `${sign}${digits[0]}.${frac}E${exp10}`;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return undefined;
}

function splitExponential(text: string): { digits: string; exp10: number } {
  const [mantissa, exp] = text.split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exp10: Number.parseInt(exp, 10) };
}

export function javaDoubleToString(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const { digits, exp10 } = splitExponential(Math.abs(x).toExponential());
  return layout(x < 0, digits, exp10);
}

/** Float.toString: the shortest decimal that reads back to the same 32-bit float. */
export function javaFloatToString(x: number): string {
  const f = Math.fround(x);
  const s = special(f);
  if (s !== undefined) return s;
  const a = Math.abs(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = a.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === a) {
      const { digits, exp10 } = splitExponential(candidate);
      return layout(f < 0, digits.replace(/0+$/, '') || '0', exp10);
    }
  }
  const { digits, exp10 } = splitExponential(a.toExponential(8));
  return layout(f < 0, digits, exp10);
}
