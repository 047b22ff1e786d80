const DECIMAL_DIGIT = /\p{Nd}/u;
const DECIMAL_DIGITS = /\p{Nd}/gu;
const ZERO = 0x30;

/**
 * Every Unicode decimal digit (`\p{Nd}`: Arabic-Indic `٣`, Devanagari `३`, Thai `๓`, …) as its
 * ASCII digit. Unicode lays each script's digits out as contiguous runs of ten, zero first, so a
 * digit's value is its distance from the start of its run of digits, modulo ten (runs of
 * several sets, such as the mathematical digits, are whole sets of ten). No table to ship.
 *
 * @example
 * asciiDigits('٠١٢٣٤٥٦٧٨٩'); // '0123456789'
 */
export function asciiDigits(text: string): string {
  return text.replace(DECIMAL_DIGITS, (digit) => {
    const code = digit.codePointAt(0) as number;
    if (code < 0x80) return digit;
    let start = code;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    return String.fromCharCode(ZERO + ((code - start) % 10));
  });
}
