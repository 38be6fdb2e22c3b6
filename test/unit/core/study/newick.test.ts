import { type DataError, tryParse } from '../../../../lambdas/core/errors.js';
import { parseNewick, parseNewickBytes } from '../../../../lambdas/core/study/newick.js';

/** The DataError a bad tree gives (fails the test if it parses). */
function errorOf(text: string): DataError {
  const r = tryParse(() => parseNewick(text));
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return r.error;
}

describe('parseNewick', () => {
  it('stores nodes in preorder with parents, lengths, labels and tips', () => {
    const t = parseNewick('((A:1,B:2)x:3,C:4);');
    expect([...t.parent]).toEqual([-1, 0, 1, 1, 0]);
    expect([...t.branchLength]).toEqual([0, 3, 1, 2, 4]);
    expect(t.labels).toEqual(['', 'x', 'A', 'B', 'C']);
    expect([...t.isTip]).toEqual([0, 0, 1, 1, 1]);
    expect(t.nTips).toBe(3);
    expect([...t.tipIndex]).toEqual([
      ['A', 2],
      ['B', 3],
      ['C', 4],
    ]);
  });

  it('reads quoted labels with doubled quotes, and delimiters inside quotes', () => {
    const t = parseNewick(`('A ''quoted'' name':1,'B,C:(x)':2,"D E":3);`);
    expect(t.labels.slice(1)).toEqual(["A 'quoted' name", 'B,C:(x)', 'D E']);
    expect(t.tipIndex.get("A 'quoted' name")).toBe(1);
  });

  it('reads scientific notation, signs and bare fractions', () => {
    const t = parseNewick('(A:1e-3,B:1.5E+2,C:.5,D:-0.25,E:5e-09,F:3.):0.75;');
    expect([...t.branchLength]).toEqual([0.75, 1e-3, 150, 0.5, -0.25, 5e-9, 3]);
  });

  it('skips comments and whitespace anywhere between tokens', () => {
    const t = parseNewick('[head]\n(\n  (A[&&NHX:S=x] : 1 ,\tB:2 ) [c] x [d] : 3,\r\n  C : 4\n)[root] ;\n[tail]\n');
    expect(t.labels).toEqual(['', 'x', 'A', 'B', 'C']);
    expect([...t.branchLength]).toEqual([0, 3, 1, 2, 4]);
  });

  it('gives 0 for missing lengths and keeps support values as internal labels', () => {
    const t = parseNewick('((A,B)0.95,(C,D)1.000.2:0.1)root;');
    expect([...t.branchLength]).toEqual([0, 0, 0, 0, 0.1, 0, 0]);
    expect(t.labels).toEqual(['root', '0.95', 'A', 'B', '1.000.2', 'C', 'D']);
  });

  it('keeps underscores and inner spaces of unquoted labels as written', () => {
    const t = parseNewick('(Homo_sapiens,Pan troglodytes);');
    expect(t.labels.slice(1)).toEqual(['Homo_sapiens', 'Pan troglodytes']);
  });

  it('allows unnamed tips, a single-tip tree and a root edge', () => {
    expect(parseNewick('(,A,);').nTips).toBe(3);
    expect(parseNewick('(,A,);').tipIndex.size).toBe(1);
    const single = parseNewick('A:2;');
    expect([...single.parent]).toEqual([-1]);
    expect([...single.isTip]).toEqual([1]);
    expect([...single.branchLength]).toEqual([2]);
  });

  it('parses a 100000-deep caterpillar tree without recursion', () => {
    const parts: string[] = [];
    const n = 100000;
    for (let i = 1; i < n; i++) parts.push('(');
    parts.push('t0:1');
    for (let i = 1; i < n; i++) parts.push(`,t${i}:1):1`);
    parts.push(';');
    const t = parseNewick(parts.join(''));
    expect(t.nTips).toBe(n);
    expect(t.parent.length).toBe(2 * n - 1);
    for (let v = 1; v < t.parent.length; v += 997) expect(t.parent[v]!).toBeLessThan(v);
  });

  it('reads bytes with a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('(A:1,B:2);')]);
    expect(parseNewickBytes(bytes).nTips).toBe(2);
  });
});

describe('parseNewick errors', () => {
  it('an unclosed "(" before ";"', () => {
    expect(errorOf('((A,B);')).toMatchObject({ code: 'INVALID_TREE', line: 1, column: 7, expected: "')'" });
  });

  it('a ")" without "("', () => {
    expect(errorOf('(A,B));')).toMatchObject({ code: 'INVALID_TREE', line: 1, column: 6, expected: "';'" });
  });

  it('a missing ";"', () => {
    expect(errorOf('(A,B)\n')).toMatchObject({ code: 'INVALID_TREE', line: 2, column: 1, expected: "';'" });
  });

  it('the end of text inside parentheses', () => {
    expect(errorOf('((A,B),')).toMatchObject({ code: 'INVALID_TREE', expected: "a label or '('" });
    expect(errorOf('((A,B)')).toMatchObject({ code: 'INVALID_TREE', expected: "')'" });
  });

  it('a duplicate tip name, at the second occurrence, naming the first', () => {
    const e = errorOf('(A:1,\n(B:1,A:2));');
    expect(e).toMatchObject({ code: 'INVALID_TREE', line: 2, column: 6, expected: 'unique tip names' });
    expect(e.message).toBe("duplicate tip name 'A' (first at line 1, column 2)");
  });

  it('a branch length that is not a number, or missing', () => {
    expect(errorOf('(A:x1,B);')).toMatchObject({ code: 'INVALID_TREE', column: 4 });
    expect(errorOf('(A:0x10,B);').message).toMatch(/'0x10' is not a number/);
    expect(errorOf('(A:,B);').message).toMatch(/not followed by a branch length/);
  });

  it('an unterminated quote or comment', () => {
    expect(errorOf("('A,B);")).toMatchObject({ code: 'INVALID_TREE', column: 2, expected: "'" });
    expect(errorOf('(A[open,B);')).toMatchObject({ code: 'INVALID_TREE', column: 3, expected: "']'" });
  });

  it('text after the closing ";" and a stray token', () => {
    expect(errorOf('(A,B);(C,D);')).toMatchObject({ code: 'INVALID_TREE', column: 7, expected: 'end of file' });
    expect(errorOf('(A,B)x(C);')).toMatchObject({ code: 'INVALID_TREE', column: 7 });
    expect(errorOf("('A'B,C);")).toMatchObject({ code: 'INVALID_TREE', column: 5 });
  });

  it('an empty file', () => {
    expect(errorOf(' \n[only a comment]\n')).toMatchObject({ code: 'EMPTY_FILE' });
  });
});
