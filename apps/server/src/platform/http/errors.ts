/**
 * One error hierarchy for the whole server, mapped to HTTP in error-handler.ts. Messages keep the
 * original API's wording (clients match substrings), without its "404: " wrapping.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

/** `<Entity> with id <id> not found` → 404. */
export class NotFoundError extends HttpError {
  constructor(entity: string, id: unknown) {
    super(404, `${entity} with id ${String(id)} not found`);
  }
}

/** A rule of the domain was broken by otherwise well-formed input → 422. */
export class DomainValidationError extends HttpError {
  constructor(message: string) {
    super(422, message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(detail: unknown) {
    super(503, detail);
  }
}

/** One entry of a FastAPI-style request-validation 422 body. */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export class RequestValidationError extends HttpError {
  constructor(readonly issues: ValidationIssue[]) {
    super(422, issues);
  }
}
