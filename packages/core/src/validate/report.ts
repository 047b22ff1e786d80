/**
 * Where a problem comes from. `schema`: Pinterest's published JSON schema forbids it, so Pinterest
 * rejects the whole request (400). `rule`: the schema allows it but a documented rule does not
 * (an unhashed email, a future event_time, an unlisted event name), so that event fails.
 */
export type IssueKind = 'schema' | 'rule';

/** One problem, located by a readable path such as `data[3].custom_data.contents[0].item_price`. */
export interface ValidationIssue {
  path: string;
  message: string;
  kind: IssueKind;
}

export interface ValidationResult {
  valid: boolean;
  /** At most {@link MAX_ISSUES}; a body with more problems reports the first ones. */
  errors: ValidationIssue[];
}

/** Enough to fix a body; a 1,000-event batch with one systematic mistake would otherwise list 1,000. */
export const MAX_ISSUES = 100;

/** Collects issues up to the cap and carries the clock the time rules compare against. */
export class Report {
  readonly errors: ValidationIssue[] = [];

  constructor(readonly nowSeconds: number) {}

  get full(): boolean {
    return this.errors.length >= MAX_ISSUES;
  }

  schema(path: string, message: string): void {
    this.add({ path, message, kind: 'schema' });
  }

  rule(path: string, message: string): void {
    this.add({ path, message, kind: 'rule' });
  }

  private add(issue: ValidationIssue): void {
    if (!this.full) this.errors.push(issue);
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `parent.key`, or `parent["odd key"]` when the key would not read as one. */
export function keyPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
