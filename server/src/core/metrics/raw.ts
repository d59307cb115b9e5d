/**
 * radon 6.0.1's raw metrics (`radon.raw.analyze`): LOC, LLOC, SLOC, comments, multi-line strings, blank
 * and single-comment lines. radon strips every line and feeds Python's tokenizer the shortest run of lines
 * that tokenizes; this file replays that line by line with a small tokenizer, in one scan of the text.
 */
import {
  hasOtherLineBreaks,
  isDigit,
  isLineBreak,
  isSpace,
  isStringPrefix,
  isWord,
  numberEnd,
  operatorLength,
} from './python-tokens';

/** radon's `Module` tuple of raw counts. */
export interface RawMetrics {
  loc: number;
  lloc: number;
  sloc: number;
  comments: number;
  multi: number;
  blank: number;
  singleComments: number;
}

/** Token kinds radon's bookkeeping tells apart. */
const Kind = { Comment: 0, String: 1, Colon: 2, Semicolon: 3, Other: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** The tokenizer and radon's bookkeeping over the stripped lines of one text. */
class RawCounter {
  private end = 0;
  // Tokenizer state carried from line to line within a group.
  private quote = 0;
  private triple = false;
  private depth = 0;
  private continued = false;
  // The current group (radon's `tokens, parsed_lines`).
  private line = 0;
  private nonEmpty = 0;
  private empty = 0;
  private tokens = 0;
  private firstKind: Kind = Kind.Other;
  private stringStartLine = 0;
  private firstStringMultiLine = false;
  private newlineFirst = false;
  private subTokens = 0;
  private lastColon = -1;
  // Totals.
  readonly totals: RawMetrics = {
    loc: 0,
    lloc: 0,
    sloc: 0,
    comments: 0,
    multi: 0,
    blank: 0,
    singleComments: 0,
  };

  constructor(private readonly text: string) {}

  run(): RawMetrics {
    const text = this.text;
    const n = text.length;
    let pos = 0;
    let open = false;
    // Only '\n' breaks lines in almost every text; then the native search finds line ends.
    const plain = !hasOtherLineBreaks(text);
    while (pos < n) {
      let lineEnd = plain ? text.indexOf('\n', pos) : pos;
      if (lineEnd < 0) lineEnd = n;
      else if (!plain) while (lineEnd < n && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
      let s = pos;
      let e = lineEnd;
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      open = this.processLine(s, e);
      if (!open) this.endGroup();
      pos =
        lineEnd < n && text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10
          ? lineEnd + 2
          : lineEnd + 1;
    }
    // radon raises SyntaxError on an unfinished group; we count what was read.
    if (open) this.endGroup();
    const t = this.totals;
    t.loc = t.sloc + t.blank + t.multi + t.singleComments;
    return t;
  }

  private at(i: number): number {
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  /** Tokenizes one stripped line; returns whether the group stays open (string, brackets, backslash). */
  private processLine(s: number, e: number): boolean {
    this.end = e;
    if (s === e) this.empty++;
    else this.nonEmpty++;
    let i = s;
    if (this.quote !== 0) {
      i = this.scanString(i);
      if (this.quote !== 0) return this.finishLine();
    } else if (this.continued && s === e) {
      // A backslash continued onto an empty line: to the tokenizer, an empty last line is the end of
      // input, so radon keeps adding lines and the next line joins this group.
      // Its NEWLINE token may be the group's first token, which then is no lone comment or string.
      if (this.tokens === 0) this.newlineFirst = true;
      this.continued = false;
      this.line++;
      return true;
    }
    this.continued = false;
    while (i < e) {
      const c = this.text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12) {
        i++;
      } else if (c === 35 /* # */) {
        this.token(Kind.Comment);
        break;
      } else if (c === 92 /* \ */) {
        if (i + 1 === e) {
          this.continued = true;
          break;
        }
        this.token(Kind.Other);
        i++;
      } else if (c === 39 || c === 34) {
        i = this.startString(i);
      } else if (isDigit(c) || (c === 46 && isDigit(this.at(i + 1)))) {
        this.token(Kind.Other);
        i = numberEnd(this.text, i, e);
      } else if (isWord(c)) {
        let j = i + 1;
        while (j < e && isWord(this.text.charCodeAt(j))) j++;
        const q = this.at(j);
        if ((q === 39 || q === 34) && isStringPrefix(this.text, i, j)) i = this.startString(j);
        else {
          this.token(Kind.Other);
          i = j;
        }
      } else {
        const length = operatorLength(this.text, i, e, c);
        this.operator(c, length);
        i += length;
      }
    }
    return this.finishLine();
  }

  private finishLine(): boolean {
    this.line++;
    return this.quote !== 0 || this.depth > 0 || this.continued;
  }

  private token(kind: Kind): void {
    if (this.tokens === 0) this.firstKind = kind;
    this.tokens++;
    if (kind === Kind.Comment) {
      this.totals.comments++;
      return;
    }
    if (kind === Kind.Semicolon) {
      this.finishSub(false);
      return;
    }
    if (kind === Kind.Colon) this.lastColon = this.subTokens;
    this.subTokens++;
  }

  /** radon's `_logical` for one `;`-separated part; only the last part ends with ENDMARKER. */
  private finishSub(last: boolean): void {
    const totals = this.totals;
    if (this.lastColon >= 0) totals.lloc += this.lastColon === this.subTokens - (last ? 1 : 2) ? 1 : 2;
    else if (this.subTokens > 0) totals.lloc += 1;
    this.subTokens = 0;
    this.lastColon = -1;
  }

  private endGroup(): void {
    this.finishSub(true);
    const totals = this.totals;
    const single = this.tokens === 1 && !this.newlineFirst;
    if (single && this.firstKind === Kind.Comment) totals.singleComments++;
    else if (single && this.firstKind === Kind.String && !this.firstStringMultiLine) totals.singleComments++;
    else if (single && this.firstKind === Kind.String) {
      totals.multi += this.nonEmpty;
      totals.blank += this.empty;
    } else {
      totals.sloc += this.nonEmpty;
      totals.blank += this.empty;
    }
    this.quote = 0;
    this.depth = 0;
    this.continued = false;
    this.line = 0;
    this.nonEmpty = 0;
    this.empty = 0;
    this.tokens = 0;
    this.firstKind = Kind.Other;
    this.firstStringMultiLine = false;
    this.newlineFirst = false;
  }

  private startString(i: number): number {
    const q = this.text.charCodeAt(i);
    this.token(Kind.String);
    this.stringStartLine = this.line;
    this.quote = q;
    this.triple = this.at(i + 1) === q && this.at(i + 2) === q;
    return this.scanString(this.triple ? i + 3 : i + 1);
  }

  /** Scans to the closing quote; a triple-quoted string, or one ending the line with `\`, stays open. */
  private scanString(i: number): number {
    const q = this.quote;
    const e = this.end;
    while (i < e) {
      const c = this.text.charCodeAt(i);
      if (c === 92) {
        if (i + 1 >= e) return e;
        i += 2;
      } else if (c === q && (!this.triple || (this.at(i + 1) === q && this.at(i + 2) === q))) {
        this.closeString();
        return i + (this.triple ? 3 : 1);
      } else i++;
    }
    // An unterminated single-quoted string is a tokenizer error in Python; close it at the line end.
    if (!this.triple) this.closeString();
    return e;
  }

  private closeString(): void {
    this.quote = 0;
    if (this.tokens === 1 && this.firstKind === Kind.String)
      this.firstStringMultiLine = this.line !== this.stringStartLine;
  }

  /** Records an operator token: brackets move the depth, `:` and `;` matter to radon's logical lines. */
  private operator(c: number, length: number): void {
    if (length === 1 && (c === 40 || c === 91 || c === 123)) this.depth++;
    else if (length === 1 && (c === 41 || c === 93 || c === 125)) this.depth--;
    this.token(
      length === 1 && c === 58 ? Kind.Colon : length === 1 && c === 59 ? Kind.Semicolon : Kind.Other,
    );
  }
}

/** radon's `raw.analyze` of a text (for a definition: its source from `def`/`class` to its end). */
export function rawMetrics(text: string): RawMetrics {
  return new RawCounter(text).run();
}
