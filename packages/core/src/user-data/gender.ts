type Gender = 'f' | 'm' | 'n';

/** Spellings with spaces, hyphens and underscores removed ("non-binary" -> "nonbinary"). */
const GENDERS = new Map<string, Gender>([
  ['f', 'f'],
  ['female', 'f'],
  ['woman', 'f'],
  ['m', 'm'],
  ['male', 'm'],
  ['man', 'm'],
  ['n', 'n'],
  ['nb', 'n'],
  ['nonbinary', 'n'],
]);

/**
 * Pinterest's gender code: "f", "m" or "n" (non-binary). Undefined for anything else, because a
 * hashed "male" or "x" never matches a Pinterest user.
 *
 * @example
 * normalizeGender('Female'); // 'f'
 * normalizeGender('non-binary'); // 'n'
 * normalizeGender('x'); // undefined
 */
export function normalizeGender(value: string): Gender | undefined {
  return GENDERS.get(
    value
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ''),
  );
}
