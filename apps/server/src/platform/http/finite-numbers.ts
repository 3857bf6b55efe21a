import type { FastifyRequest } from 'fastify';
import { RequestValidationError, type ValidationIssue } from './errors.ts';

/**
 * Ajv's type coercion turns `?page=1e309` into `Infinity` and then skips `minimum`/`maximum` for
 * the coerced value, so a non-finite number reaches the handler (and the database: 500). This
 * preHandler rejects such values with the FastAPI-shaped 422 pydantic gives (`finite_number`).
 */
export async function rejectNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  const issues: ValidationIssue[] = [];
  const scan = (where: string, value: unknown, path: Array<string | number>, depth: number) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) issues.push({ type: 'finite_number', loc: [where, ...path], msg: 'Input should be a finite number', input: String(value) });
      return;
    }
    if (depth >= 3 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((v, i) => scan(where, v, [...path, i], depth + 1));
    else for (const [k, v] of Object.entries(value)) scan(where, v, [...path, k], depth + 1);
  };
  scan('query', request.query, [], 0);
  scan('path', request.params, [], 0);
  scan('body', request.body, [], 0);
  if (issues.length > 0) throw new RequestValidationError(issues);
}
