// "Explain with Chiplight" on a selection: which glossary entry the selected text names. A scan
// first (the matcher's own rules); a selection is often too short for a name's context rule
// (an "H100" alone, with no GPU word around it), so then an exact, case-insensitive match of an
// entry's label or one of its names.
export function explainText(matcher, text) {
  const [first] = matcher.scan(text);
  if (first) return matcher.entry(first.id);
  const wanted = text.trim().toLowerCase();
  if (!wanted) return undefined;
  for (const { id, label } of matcher.entries()) {
    if (label.toLowerCase() === wanted) return matcher.entry(id);
  }
  for (const { id } of matcher.entries()) {
    const entry = matcher.entry(id);
    if ((entry.names || []).some((n) => n.toLowerCase() === wanted)) return entry;
  }
  return undefined;
}
