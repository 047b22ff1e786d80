/** Words that spellings of one place name add or leave out ("Republic of Korea", "Bosnia & Herzegovina"). */
const FILLER_WORDS = new Set(['the', 'and', 'of']);

/**
 * Trimmed and lowercased, in Unicode NFC so that a composed and a decomposed "é" hash alike.
 *
 * @example
 * lowerTrim('  Ada@Example.COM '); // 'ada@example.com'
 */
export function lowerTrim(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

/**
 * Lowercased with everything but letters and digits removed; letters of any script are kept.
 *
 * @example
 * lettersAndDigits('São Paulo'); // 'sãopaulo'
 */
export function lettersAndDigits(value: string): string {
  return lowerTrim(value).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The key a place name is looked up by: accents, punctuation, spaces and filler words removed,
 * "saint" shortened to "st", so "St. Kitts & Nevis" and "Saint Kitts and Nevis" meet.
 *
 * @example
 * lookupKey('Côte d’Ivoire'); // 'cotedivoire'
 */
export function lookupKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .map((word) => (word === 'saint' ? 'st' : word))
    .join('');
}
