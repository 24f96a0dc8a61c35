/**
 * Label selectors as the API server parses `?labelSelector=`: equality (`a=b`, `a==b`, `a!=b`),
 * existence (`a`, `!a`) and set-based (`a in (x,y)`, `a notin (x)`) requirements, ANDed.
 */

type Requirement = (labels: Record<string, string>) => boolean;

export function parseLabelSelector(selector: string): Requirement[] {
  const requirements: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/i.exec(term);
    if (set) {
      const [, key = "", op = "", list = ""] = set;
      const values = list.split(",").map((v) => v.trim());
      const positive = op.toLowerCase() === "in";
      requirements.push((labels) => (key in labels && values.includes(labels[key] ?? "")) === positive);
      continue;
    }
    const equality = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (equality) {
      const [, key = "", op, value = ""] = equality;
      requirements.push(op === "!=" ? (labels) => labels[key] !== value : (labels) => labels[key] === value);
      continue;
    }
    if (term.startsWith("!")) {
      const key = term.slice(1).trim();
      requirements.push((labels) => !(key in labels));
      continue;
    }
    requirements.push((labels) => term in labels);
  }
  return requirements;
}

export function matchesSelector(requirements: Requirement[], labels: Record<string, string> | undefined): boolean {
  return requirements.every((requirement) => requirement(labels ?? {}));
}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter(Boolean);
}
