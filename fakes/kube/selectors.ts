/**
 * Label selectors as the API server parses `?labelSelector=`: equality (`a=b`, `a==b`, `a!=b`),
 * existence (`a`, `!a`) and set-based (`a in (x,y)`, `a notin (x)`) requirements, ANDed.
 */

import { labelKeyError, labelValueError } from "./labels.js";

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * The 400 message the API server gives for a selector it cannot parse or whose keys or values are
 * not valid labels, or undefined when the selector is valid.
 */
export function labelSelectorError(selector: string): string | undefined {
  for (const term of splitTerms(selector)) {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/i.exec(term);
    const equality = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    const existence = /^!?\s*([^\s!=()]+)$/.exec(term);
    const key = set?.[1] ?? equality?.[1] ?? existence?.[1];
    if (key === undefined) return `unable to parse requirement: found '${term}', expected: identifier`;
    const keyError = labelKeyError(key);
    if (keyError) return `unable to parse requirement: key: Invalid value: ${JSON.stringify(key)}: ${keyError}`;
    const values = set ? (set[3] ?? "").split(",").map((v) => v.trim()) : equality ? [equality[3] ?? ""] : [];
    for (const [index, value] of values.entries()) {
      const valueError = labelValueError(value);
      if (valueError) return `unable to parse requirement: values[${index}][${key}]: Invalid value: ${JSON.stringify(value)}: ${valueError}`;
    }
  }
  return undefined;
}

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
