/**
 * Translates a migration from SQLite's dialect to PostgreSQL's, so both engines
 * share one schema text. Pure and deliberately small: it knows the constructs
 * our migrations use and refuses the ones it cannot translate, so a new
 * migration either translates faithfully or fails loudly in the table test.
 *
 * Keywords are matched in upper case only (the style every migration follows,
 * identifiers in lower case), so a column called `text` is left alone; quoted
 * strings, quoted identifiers and comments are never touched.
 */
export function sqliteToPostgres(sql: string): string {
  return splitSql(sql).map((part) => (part.code ? translateCode(part.text) : part.text)).join('');
}

const REWRITES: readonly [RegExp, string][] = [
  [/\s*\bWITHOUT\s+ROWID\b/g, ''],
  // SQLite integers are 64-bit.
  [/\bINTEGER\b/g, 'BIGINT'],
  [/\bREAL\b/g, 'DOUBLE PRECISION'],
  [/\bBLOB\b/g, 'BYTEA'],
  // SQLite compares text bytewise (BINARY); "C" is PostgreSQL's bytewise collation, whatever the database's default.
  [/\bTEXT\b/g, 'TEXT COLLATE "C"'],
];

const UNSUPPORTED: readonly [RegExp, string][] = [
  [/\bAUTOINCREMENT\b/, 'AUTOINCREMENT (use ids from the application)'],
  [/\bPRAGMA\b/, 'PRAGMA'],
  [/\bINSERT OR\b/, 'INSERT OR … (use ON CONFLICT)'],
  [/\bREPLACE INTO\b/, 'REPLACE INTO (use ON CONFLICT)'],
  [/\b(json_object|json_extract|datetime|strftime|ifnull|group_concat)\s*\(/i, 'an SQLite-only function'],
];

function translateCode(code: string): string {
  let out = code;
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  for (const [pattern, what] of UNSUPPORTED) {
    if (pattern.test(out)) throw new Error(`cannot translate ${what} to PostgreSQL; give the migration a \`postgres\` text`);
  }
  return out;
}

interface Part {
  text: string;
  /** False for string literals, quoted identifiers and comments. */
  code: boolean;
}

/** Splits SQL text into code and the parts a translation must not touch. */
export function splitSql(sql: string): Part[] {
  const parts: Part[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) parts.push({ text: code, code: true });
    code = '';
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    let end = -1;
    if (ch === "'" || ch === '"') end = closingQuote(sql, i, ch);
    else if (ch === '-' && sql[i + 1] === '-') end = lineEnd(sql, i);
    else if (ch === '/' && sql[i + 1] === '*') end = blockEnd(sql, i);
    if (end < 0) {
      code += ch;
      i += 1;
      continue;
    }
    flush();
    parts.push({ text: sql.slice(i, end), code: false });
    i = end;
  }
  flush();
  return parts;
}

/** Index just past the closing quote; a doubled quote is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  throw new Error(`unterminated ${quote} quote in migration`);
}

function lineEnd(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end < 0 ? sql.length : end;
}

function blockEnd(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  if (end < 0) throw new Error('unterminated comment in migration');
  return end + 2;
}
