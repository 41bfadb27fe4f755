/** Renders a SqlError against its source the way a terminal shows it: line, caret, expected, hint. */
import type { SqlError } from './errors.ts';

export function renderError(err: SqlError, source: string): string {
  const lines = source.split('\n');
  const out = [`ERROR at line ${err.line}, column ${err.column}: ${err.message}`];
  const text = lines[err.line - 1];
  if (text !== undefined) {
    const shown = text.replace(/\r$/, '').replace(/\t/g, ' ');
    const sameLine = err.endLine === err.line;
    const width = sameLine
      ? Math.max(1, err.endColumn - err.column)
      : Math.max(1, shown.length - err.column + 1);
    out.push(shown);
    out.push(`${' '.repeat(Math.max(0, err.column - 1))}^${'~'.repeat(width - 1)}`);
  }
  // Syntax errors already name what was expected in their message; say it once.
  if (err.expected.length > 0 && !err.message.includes('; expected ')) {
    out.push(`expected: ${err.expected.join(', ')}`);
  }
  if (err.hint !== undefined) out.push(`hint: ${err.hint}`);
  return out.join('\n');
}
