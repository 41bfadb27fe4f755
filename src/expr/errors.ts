/**
 * Errors raised while typing or evaluating expressions. Runtime failures that make a Flink job fail
 * (division by zero, a CAST that cannot parse its input ...) are thrown as ExpressionError.
 */
export class ExpressionError extends Error {
  override readonly name: string = 'ExpressionError';
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `DIVISION_BY_ZERO`, `CAST_FAILED`. */
    readonly code: string = 'EXPRESSION_ERROR',
  ) {
    super(message);
  }
}

/** A function was called with argument types none of its signatures accepts. */
export class FunctionSignatureError extends ExpressionError {
  override readonly name = 'FunctionSignatureError';
  constructor(
    readonly functionName: string,
    readonly argumentTypes: readonly string[],
    readonly signatures: readonly string[],
    detail?: string,
  ) {
    super(
      `Invalid arguments for ${functionName}(${argumentTypes.join(', ')})` +
        (detail ? `: ${detail}` : '') +
        `. Supported signatures: ${signatures.join(' | ')}`,
      'INVALID_FUNCTION_ARGUMENTS',
    );
  }
}

export const divisionByZero = (): ExpressionError =>
  new ExpressionError('Division by zero', 'DIVISION_BY_ZERO');
