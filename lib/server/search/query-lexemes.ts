// What a search looks for, read from PostgreSQL's text form of its tsquery, e.g.
//   'treati' <2> 'friendship' & !( 'war' <-> 'crime' ) | 'russia'
// Lexemes are quoted with ' (a quote or backslash inside is doubled) and may carry :* and weight
// letters. Lexemes under an odd number of ! (negations: "-war" in a web search) are not matches
// to show, so they are left out. Lexemes chained by <-> / <N> (a "quoted phrase") are a phrase:
// they are shown only where the phrase occurs; every other lexeme is shown wherever it occurs.

export type Phrase = { lexemes: string[]; /** Positions from each lexeme to the next (<-> is 1). */ gaps: number[] };
export type QueryShape = { lexemes: string[]; singles: Set<string>; phrases: Phrase[] };

type Token = { kind: "lexeme"; value: string; negated: boolean } | { kind: "follows"; distance: number } | { kind: "other" };

function tokenize(tsquery: string): Token[] {
  const tokens: Token[] = [];
  const groupNegated: boolean[] = [false];
  let pendingNot = false;
  let i = 0;
  while (i < tsquery.length) {
    const c = tsquery[i];
    if (c === "!") {
      pendingNot = !pendingNot;
      tokens.push({ kind: "other" });
      i++;
    } else if (c === "(") {
      groupNegated.push(groupNegated[groupNegated.length - 1] !== pendingNot);
      pendingNot = false;
      tokens.push({ kind: "other" });
      i++;
    } else if (c === ")") {
      if (groupNegated.length > 1) groupNegated.pop();
      tokens.push({ kind: "other" });
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      while (i < tsquery.length) {
        const d = tsquery[i];
        if ((d === "'" || d === "\\") && tsquery[i + 1] === d) {
          value += d;
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      if (tsquery[i] === ":") {
        i++;
        while (i < tsquery.length && /[*A-Da-d]/.test(tsquery[i])) i++;
      }
      tokens.push({ kind: "lexeme", value, negated: groupNegated[groupNegated.length - 1] !== pendingNot });
      pendingNot = false;
    } else if (c === "<") {
      const op = /^<(-|\d+)>/.exec(tsquery.slice(i));
      tokens.push(op ? { kind: "follows", distance: op[1] === "-" ? 1 : Number(op[1]) } : { kind: "other" });
      i += op ? op[0].length : 1;
    } else if (c === "&" || c === "|") {
      tokens.push({ kind: "other" });
      i++;
    } else {
      i++;
    }
  }
  return tokens;
}

export function readQuery(tsquery: string): QueryShape {
  const lexemes = new Set<string>();
  const singles = new Set<string>();
  const phrases: Phrase[] = [];
  let chain: Phrase | null = null;
  let gap: number | null = null;
  const close = () => {
    if (chain && chain.lexemes.length === 1) singles.add(chain.lexemes[0]);
    else if (chain) phrases.push(chain);
    chain = null;
  };
  for (const token of tokenize(tsquery)) {
    if (token.kind === "lexeme") {
      if (token.negated || !token.value) {
        close();
      } else {
        lexemes.add(token.value);
        if (chain && gap !== null) {
          chain.lexemes.push(token.value);
          chain.gaps.push(gap);
        } else {
          close();
          chain = { lexemes: [token.value], gaps: [] };
        }
      }
      gap = null;
    } else if (token.kind === "follows" && chain) {
      gap = token.distance;
    } else {
      // A phrase next to a parenthesised group is not followed here: its words count as singles.
      close();
      gap = null;
    }
  }
  close();
  return { lexemes: [...lexemes], singles, phrases };
}
