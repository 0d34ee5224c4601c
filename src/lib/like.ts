/**
 * Search text for SQL LIKE/ILIKE, given as a bound parameter: LIKE's own wildcards (% and _)
 * and its escape character in what someone typed match themselves, so `--search %` finds a
 * literal percent sign, not every row.
 */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Rows containing the text anywhere. */
export const likeContains = (text: string) => `%${escapeLike(text)}%`;

/** Rows starting with the text. */
export const likeStartsWith = (text: string) => `${escapeLike(text)}%`;
