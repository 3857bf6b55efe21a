import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { ValidationIssue } from './errors.ts';

const LOCATION: Record<string, string> = {
  querystring: 'query',
  params: 'path',
  body: 'body',
  headers: 'header',
};

function pathSegments(instancePath: string): Array<string | number> {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, segments: Array<string | number>): unknown {
  let node = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}

/**
 * Maps Ajv errors to the 422 body FastAPI clients parse: `{type, loc, msg, input, ctx?}` with
 * `loc` = [location, ...field path].
 */
export function toValidationIssues(
  errors: FastifySchemaValidationError[],
  context: string,
  data: unknown,
): ValidationIssue[] {
  const where = LOCATION[context] ?? context;
  return errors.map((e) => {
    const params = (e.params ?? {}) as Record<string, unknown>;
    const segments = pathSegments(e.instancePath ?? '');
    const field = segments.length ? segments : [];
    switch (e.keyword) {
      case 'required': {
        const missing = String(params.missingProperty ?? '');
        return { type: 'missing', loc: [where, ...field, missing], msg: 'Field required', input: valueAt(data, field) ?? null };
      }
      case 'type': {
        const input = valueAt(data, segments);
        const t = String(params.type ?? '');
        const map: Record<string, [string, string]> = {
          integer: ['int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
          number: ['float_parsing', 'Input should be a valid number, unable to parse string as a number'],
          boolean: ['bool_parsing', 'Input should be a valid boolean, unable to interpret input'],
          string: ['string_type', 'Input should be a valid string'],
          object: ['dict_type', 'Input should be a valid dictionary'],
          array: ['list_type', 'Input should be a valid list'],
        };
        const [type, msg] = map[t] ?? ['type_error', `Input should be of type ${t}`];
        return { type, loc: [where, ...field], msg, input };
      }
      case 'minimum':
      case 'exclusiveMinimum': {
        const limit = params.limit;
        const ge = e.keyword === 'minimum';
        return {
          type: ge ? 'greater_than_equal' : 'greater_than',
          loc: [where, ...field],
          msg: `Input should be greater than${ge ? ' or equal to' : ''} ${String(limit)}`,
          input: valueAt(data, segments),
          ctx: { [ge ? 'ge' : 'gt']: limit },
        };
      }
      case 'maximum':
      case 'exclusiveMaximum': {
        const limit = params.limit;
        const le = e.keyword === 'maximum';
        return {
          type: le ? 'less_than_equal' : 'less_than',
          loc: [where, ...field],
          msg: `Input should be less than${le ? ' or equal to' : ''} ${String(limit)}`,
          input: valueAt(data, segments),
          ctx: { [le ? 'le' : 'lt']: limit },
        };
      }
      case 'minLength':
        return {
          type: 'string_too_short',
          loc: [where, ...field],
          msg: `String should have at least ${String(params.limit)} character${params.limit === 1 ? '' : 's'}`,
          input: valueAt(data, segments),
          ctx: { min_length: params.limit },
        };
      case 'maxLength':
        return {
          type: 'string_too_long',
          loc: [where, ...field],
          msg: `String should have at most ${String(params.limit)} characters`,
          input: valueAt(data, segments),
          ctx: { max_length: params.limit },
        };
      case 'minItems':
      case 'maxItems':
        return {
          type: e.keyword === 'minItems' ? 'too_short' : 'too_long',
          loc: [where, ...field],
          msg: `List should have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items`,
          input: valueAt(data, segments),
        };
      case 'enum': {
        const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
        return {
          type: 'enum',
          loc: [where, ...field],
          msg: `Input should be ${allowed.map((v) => `'${String(v)}'`).join(', ')}`,
          input: valueAt(data, segments),
          ctx: { expected: allowed.map((v) => `'${String(v)}'`).join(', ') },
        };
      }
      case 'pattern':
        return {
          type: 'string_pattern_mismatch',
          loc: [where, ...field],
          msg: `String should match pattern '${String(params.pattern)}'`,
          input: valueAt(data, segments),
          ctx: { pattern: params.pattern },
        };
      case 'format':
        if (params.format === 'uuid') {
          return {
            type: 'uuid_parsing',
            loc: [where, ...field],
            msg: 'Input should be a valid UUID',
            input: valueAt(data, segments),
          };
        }
        return {
          type: `${String(params.format)}_parsing`,
          loc: [where, ...field],
          msg: `Input should be a valid ${String(params.format)}`,
          input: valueAt(data, segments),
        };
      default:
        return {
          type: 'value_error',
          loc: [where, ...field],
          msg: `Value error, ${e.message ?? 'invalid value'}`,
          input: valueAt(data, segments),
        };
    }
  });
}
