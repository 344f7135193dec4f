/** A rule of the domain was not met; `code` names which, `facts` carry what the user needs to fix it. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly facts: Record<string, string | number | Date> = {},
  ) {
    super(`${code} ${JSON.stringify(facts)}`);
  }
}
