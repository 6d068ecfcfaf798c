/**
 * The patterns that would let `email` in, most specific first: its domain itself, then a
 * wildcard for each parent domain of at least two labels. `a@x.met.police.uk` →
 * `x.met.police.uk`, `*.met.police.uk`, `*.police.uk`. A wildcard never matches the domain
 * it is written over: `*.police.uk` lets in `met.police.uk`, not `police.uk`.
 */
export function patternsFor(email: string): string[] {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  const patterns = [domain];
  for (let i = 1; i < labels.length - 1; i++) patterns.push(`*.${labels.slice(i).join('.')}`);
  return patterns;
}
