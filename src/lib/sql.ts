/**
 * The one way an identifier (a table or database name that is not written in the source)
 * enters SQL text: double-quoted, with its own double quotes doubled. Values never do: they
 * are bound as replacements.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
