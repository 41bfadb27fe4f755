import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/expr/errors.ts';
import { formatType } from '../../src/expr/types.ts';
import { B, call, dbl, dec, int, lit, run, runCompiled, show, str, sym, T } from './helpers.ts';

describe('string functions', () => {
  it('lengths and case', () => {
    expect(run(call('CHAR_LENGTH', str('héllo')))).toBe(5);
    expect(run(call('CHARACTER_LENGTH', str('a😀b')))).toBe(3);
    expect(run(call('UPPER', str('straße')))).toBe('STRASSE');
    expect(run(call('LOWER', str('ÀB')))).toBe('àb');
    expect(formatType(call('UPPER', lit('ab', T.varchar(10))).type)).toBe('VARCHAR(10) NOT NULL');
    expect(run(call('INITCAP', str('hello wORLD-foo 1bar')))).toBe('Hello World-Foo 1bar');
  });
  it('trimming', () => {
    expect(run(call('TRIM', str('  a b  ')))).toBe('a b');
    expect(run(call('TRIM', sym('LEADING'), str('xy'), str('xyxaxy')))).toBe('axy');
    expect(run(call('TRIM', sym('TRAILING'), str('xy'), str('xyxaxy')))).toBe('xyxa');
    expect(run(call('TRIM', sym('BOTH'), str('x'), str('xxaxx')))).toBe('a');
    expect(run(call('LTRIM', str('  a ')))).toBe('a ');
    expect(run(call('RTRIM', str('  a ')))).toBe('  a');
  });
  it('substrings and positions are 1-based on code points', () => {
    expect(run(call('SUBSTRING', str('abcdef'), int(2), int(3)))).toBe('bcd');
    expect(run(call('SUBSTRING', str('abcdef'), int(0), int(2)))).toBe('ab');
    expect(run(call('SUBSTRING', str('abcdef'), int(-2)))).toBe('ef');
    expect(run(call('SUBSTR', str('abcdef'), int(10)))).toBe('');
    expect(run(call('SUBSTRING', str('😀ab'), int(2)))).toBe('ab');
    expect(run(call('POSITION', str('c'), str('abcabc')))).toBe(3);
    expect(run(call('POSITION', str('z'), str('abc')))).toBe(0);
    expect(run(call('LOCATE', str('c'), str('abcabc'), int(4)))).toBe(6);
    expect(run(call('LEFT', str('abc'), int(2)))).toBe('ab');
    expect(run(call('RIGHT', str('abc'), int(5)))).toBe('abc');
    expect(run(call('LEFT', str('abc'), int(-1)))).toBe('');
  });
  it('concatenation, replace, pad, repeat, reverse', () => {
    expect(run(call('CONCAT', str('a'), str('b'), str('c')))).toBe('abc');
    expect(run(call('CONCAT', str('a'), B.literal(null, T.string())))).toBeNull();
    expect(run(call('||', str('a'), str('b')))).toBe('ab');
    expect(run(call('CONCAT_WS', str('-'), str('a'), B.literal(null, T.string()), str('c')))).toBe('a-c');
    expect(run(call('CONCAT_WS', B.literal(null, T.string()), str('a')))).toBeNull();
    expect(run(call('REPLACE', str('banana'), str('an'), str('AN')))).toBe('bANANa');
    expect(run(call('LPAD', str('hi'), int(4), str('??')))).toBe('??hi');
    expect(run(call('LPAD', str('hi'), int(1), str('??')))).toBe('h');
    expect(run(call('RPAD', str('hi'), int(5), str('xy')))).toBe('hixyx');
    expect(run(call('RPAD', str('hi'), int(-1), str('x')))).toBeNull();
    expect(run(call('REPEAT', str('ab'), int(3)))).toBe('ababab');
    expect(run(call('REPEAT', str('ab'), int(-1)))).toBe('');
    expect(run(call('REVERSE', str('a😀b')))).toBe('b😀a');
    expect(run(call('SPLIT_INDEX', str('a,b,,c'), str(','), int(3)))).toBe('c');
    expect(run(call('SPLIT_INDEX', str('a,b'), str(','), int(5)))).toBeNull();
  });
  it('codes, hashes and base64', () => {
    expect(run(call('ASCII', str('A')))).toBe(65);
    expect(run(call('ASCII', str('')))).toBe(0);
    expect(run(call('CHR', int(65)))).toBe('A');
    expect(run(call('CHR', int(321)))).toBe('A');
    expect(run(call('MD5', str('')))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(run(call('SHA1', str('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(run(call('SHA256', str('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(run(call('TO_BASE64', str('héllo')))).toBe('aMOpbGxv');
    expect(run(call('FROM_BASE64', str('aMOpbGxv')))).toBe('héllo');
    expect(runCompiled(call('UUID'))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('pattern matching', () => {
  it('LIKE with wildcards and ESCAPE', () => {
    expect(run(call('LIKE', str('abc'), str('a%')))).toBe(true);
    expect(run(call('LIKE', str('abc'), str('a_c')))).toBe(true);
    expect(run(call('LIKE', str('abc'), str('A%')))).toBe(false);
    expect(run(call('LIKE', str('a.c'), str('a.c')))).toBe(true);
    expect(run(call('LIKE', str('abc'), str('a.c')))).toBe(false);
    expect(run(call('LIKE', str('10%'), str('10!%'), str('!')))).toBe(true);
    expect(run(call('LIKE', str('100'), str('10!%'), str('!')))).toBe(false);
    expect(run(call('NOT LIKE', str('abc'), str('%z%')))).toBe(true);
    expect(run(call('LIKE', str('a\nb'), str('a%b')))).toBe(true);
    const dynamic = call('LIKE', B.input(0, T.string()), B.input(1, T.string()));
    expect(run(dynamic, ['xyz', 'x%'])).toBe(true);
    expect(run(dynamic, ['xyz', '%y'])).toBe(false);
    expect(run(dynamic, [null, '%'])).toBeNull();
  });
  it('SIMILAR TO uses SQL regular expressions', () => {
    expect(run(call('SIMILAR TO', str('abc'), str('(a|b)%')))).toBe(true);
    expect(run(call('SIMILAR TO', str('abc'), str('[a-c]+')))).toBe(true);
    expect(run(call('SIMILAR TO', str('abcd'), str('[a-c]+')))).toBe(false);
    expect(run(call('NOT SIMILAR TO', str('x.y'), str('x.y')))).toBe(false);
  });
  it('REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT', () => {
    expect(run(call('REGEXP', str('abc123'), str('[0-9]+')))).toBe(true);
    expect(run(call('REGEXP_REPLACE', str('foobar'), str('oo|ar'), str('')))).toBe('fb');
    expect(run(call('REGEXP_REPLACE', str('2020-10-10'), str('(\\d+)-(\\d+)-(\\d+)'), str('$3/$2/$1')))).toBe(
      '10/10/2020',
    );
    expect(run(call('REGEXP_EXTRACT', str('foothebar'), str('foo(.*?)(bar)'), int(2)))).toBe('bar');
    expect(run(call('REGEXP_EXTRACT', str('foothebar'), str('foo(.*?)(bar)')))).toBe('the');
    expect(run(call('REGEXP_EXTRACT', str('x'), str('(y)')))).toBeNull();
    expect(run(call('REGEXP_REPLACE', str('x'), str('('), str('y')))).toBeNull();
  });
});

describe('JSON', () => {
  const doc = str('{"a":{"b":[1,2.0,"x"],"c":null,"d":true},"n":1.5e3}');
  it('JSON_VALUE with RETURNING, ON EMPTY and ON ERROR', () => {
    expect(run(call('JSON_VALUE', doc, str('$.a.b[0]')))).toBe('1');
    expect(run(call('JSON_VALUE', doc, str('$.a.b[1]')))).toBe('2.0');
    expect(run(call('JSON_VALUE', doc, str('$.n')))).toBe('1500.0');
    expect(run(call('JSON_VALUE', doc, str('$.a.d')))).toBe('true');
    expect(run(call('JSON_VALUE', doc, str('$.missing')))).toBeNull();
    expect(run(call('JSON_VALUE', doc, str('$.a')))).toBeNull();
    const returning = call('JSON_VALUE', doc, str('$.a.b[0]'), B.symbol('RETURNING', T.int()));
    expect(formatType(returning.type)).toBe('INT');
    expect(run(returning)).toBe(1);
    expect(
      run(
        call('JSON_VALUE', doc, str('$.x'), B.symbol('RETURNING', T.int()), sym('DEFAULT ON EMPTY'), int(42)),
      ),
    ).toBe(42);
    expect(
      run(
        call(
          'JSON_VALUE',
          doc,
          str('$.a.b[2]'),
          B.symbol('RETURNING', T.int()),
          sym('DEFAULT ON ERROR'),
          int(-1),
        ),
      ),
    ).toBe(-1);
    expect(() => run(call('JSON_VALUE', doc, str('$.x'), sym('ERROR ON EMPTY')))).toThrow(ExpressionError);
    expect(() => run(call('JSON_VALUE', str('{bad'), str('$.x'), sym('ERROR ON ERROR')))).toThrow(
      /Invalid JSON/,
    );
    expect(run(call('JSON_VALUE', str('{bad'), str('$.x')))).toBeNull();
    expect(() => run(call('JSON_VALUE', doc, str('strict $.x'), sym('ERROR ON ERROR')))).toThrow(
      /Strict JSON path/,
    );
  });
  it('JSON_QUERY with wrappers', () => {
    expect(run(call('JSON_QUERY', doc, str('$.a.b')))).toBe('[1,2.0,"x"]');
    expect(run(call('JSON_QUERY', doc, str('$.a.b[0]')))).toBeNull();
    expect(run(call('JSON_QUERY', doc, str('$.a.b[0]'), sym('WITH CONDITIONAL ARRAY WRAPPER')))).toBe('[1]');
    expect(run(call('JSON_QUERY', doc, str('$.a.b'), sym('WITH CONDITIONAL ARRAY WRAPPER')))).toBe(
      '[1,2.0,"x"]',
    );
    expect(run(call('JSON_QUERY', doc, str('$.a.b'), sym('WITH UNCONDITIONAL ARRAY WRAPPER')))).toBe(
      '[[1,2.0,"x"]]',
    );
    expect(run(call('JSON_QUERY', doc, str('$.a.b[*]'), sym('WITH UNCONDITIONAL ARRAY WRAPPER')))).toBe(
      '[1,2.0,"x"]',
    );
    expect(run(call('JSON_QUERY', doc, str('$.zz'), sym('EMPTY ARRAY ON EMPTY')))).toBe('[]');
    expect(run(call('JSON_QUERY', doc, str('$.a.d'), sym('EMPTY OBJECT ON ERROR')))).toBe('{}');
  });
  it('JSON_EXISTS, IS JSON', () => {
    expect(run(call('JSON_EXISTS', doc, str('$.a.c')))).toBe(true);
    expect(run(call('JSON_EXISTS', doc, str('$.a.z')))).toBe(false);
    expect(run(call('JSON_EXISTS', doc, str('strict $.a.z'), sym('UNKNOWN ON ERROR')))).toBeNull();
    expect(run(call('JSON_EXISTS', str('{'), str('$')))).toBe(false);
    expect(run(call('IS JSON', str('1')))).toBe(true);
    expect(run(call('IS JSON', str('{}'), sym('OBJECT')))).toBe(true);
    expect(run(call('IS JSON', str('[]'), sym('OBJECT')))).toBe(false);
    expect(run(call('IS JSON', str('abc')))).toBe(false);
    expect(run(call('IS NOT JSON', str('abc')))).toBe(true);
    expect(run(call('IS JSON', str('"x"'), sym('SCALAR')))).toBe(true);
  });
  it('JSON_OBJECT, JSON_ARRAY, JSON_STRING', () => {
    const n = B.literal(null, T.string());
    expect(run(call('JSON_OBJECT', str('K'), str('V'), str('n'), int(1)))).toBe('{"K":"V","n":1}');
    expect(run(call('JSON_OBJECT', str('K'), n))).toBe('{"K":null}');
    expect(run(call('JSON_OBJECT', sym('ABSENT ON NULL'), str('K'), n))).toBe('{}');
    expect(run(call('JSON_OBJECT', str('o'), call('JSON_OBJECT', str('x'), dbl(1))))).toBe('{"o":{"x":1.0}}');
    expect(run(call('JSON_OBJECT', str('a'), call('JSON_ARRAY', int(1), n, str('x'))))).toBe('{"a":[1,"x"]}');
    expect(run(call('JSON_ARRAY', sym('NULL ON NULL'), int(1), n))).toBe('[1,null]');
    expect(run(call('JSON_STRING', str('a"b')))).toBe('"a\\"b"');
    expect(run(call('JSON_STRING', dec('1.50', 5, 2)))).toBe('1.50');
    expect(run(call('JSON_STRING', call('ARRAY', int(1), int(2))))).toBe('[1,2]');
    expect(run(call('JSON_STRING', B.literal(null, T.int())))).toBeNull();
    expect(run(call('JSON_STRING', lit(true, T.boolean())))).toBe('true');
  });
});

describe('collections', () => {
  it('constructors, CARDINALITY, ELEMENT, element access', () => {
    const arr = call('ARRAY', int(1), B.literal(null, T.int()), int(3));
    expect(formatType(arr.type)).toBe('ARRAY<INT> NOT NULL');
    expect(show(arr)).toBe('[1, null, 3]');
    expect(show(call('ARRAY', int(1), dbl(2)))).toBe('[1.0, 2.0]');
    expect(run(call('CARDINALITY', arr))).toBe(3);
    expect(run(B.item(arr, int(3), T.int()))).toBe(3);
    expect(run(B.item(arr, int(9), T.int()))).toBeNull();
    const map = call('MAP', str('a'), int(1), str('b'), int(2));
    expect(formatType(map.type)).toBe('MAP<STRING NOT NULL, INT NOT NULL> NOT NULL');
    expect(show(map)).toBe('{a=1, b=2}');
    expect(run(B.item(map, str('b'), T.int()))).toBe(2);
    expect(run(B.item(map, str('z'), T.int()))).toBeNull();
    expect(run(call('CARDINALITY', map))).toBe(2);
    const row = call('ROW', int(1), str('x'));
    expect(show(row)).toBe('+I[1, x]');
    expect(run(B.field(row, 1, T.string()))).toBe('x');
    expect(run(call('ELEMENT', call('ARRAY', str('only'))))).toBe('only');
    expect(() => run(call('ELEMENT', call('ARRAY', int(1), int(2))))).toThrow(/more than one element/);
    const keyed = call('MAP', call('ARRAY', int(1)), str('one'));
    expect(run(B.item(keyed, call('ARRAY', int(1)), T.string()))).toBe('one');
  });
});

describe('string result types', () => {
  it('|| sums lengths like Calcite', () => {
    expect(formatType(call('||', lit('ab', T.char(2)), lit('c', T.char(1))).type)).toBe('CHAR(3) NOT NULL');
    expect(formatType(call('||', lit('ab', T.varchar(5)), str('c')).type)).toBe('STRING NOT NULL');
    expect(formatType(call('||', lit('ab', T.varchar(5)), B.input(0, T.varchar(3))).type)).toBe('VARCHAR(8)');
    expect(formatType(call('CONCAT', lit('ab', T.varchar(5))).type)).toBe('STRING NOT NULL');
    expect(run(call('||', lit('ab', T.char(2)), lit('c', T.char(1))))).toBe('abc');
  });
});
