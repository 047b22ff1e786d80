import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

/**
 * Pinterest's reference schema lives next to the repository (../shared), never inside it, so a
 * fresh clone has no copy: tests then rely on the project's own validator alone.
 */
const SCHEMA_FILE = new URL(
  '../../../shared/pinterest/conversions-events.schema.json',
  import.meta.url,
);

export interface SchemaVerdict {
  valid: boolean;
  errors: { path: string; message: string }[];
}

function loadValidator(): ((body: unknown) => SchemaVerdict) | undefined {
  if (!existsSync(SCHEMA_FILE)) return undefined;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  // strict: false because the file carries annotations (x-*) Ajv does not know; int64 is an
  // OpenAPI size hint, not a format to check.
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { int64: true } });
  const validate = ajv.compile(schema);
  return (body) => {
    const valid = validate(body);
    const errors = (validate.errors ?? []).map((error) => ({
      path: error.instancePath,
      message: error.message ?? error.keyword,
    }));
    return { valid, errors };
  };
}

/**
 * Validates a request body with Ajv against Pinterest's schema, or `undefined` when the schema file
 * is not present.
 *
 * @example
 * if (schemaValidator) expect(schemaValidator(body).valid).toBe(true);
 */
export const schemaValidator = loadValidator();
