import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';

/**
 * Sends malformed requests to every route in the OpenAPI document — wrong types, out-of-range
 * numbers, huge strings, unknown enum values, malformed JSON — and asserts that none answers
 * with a 5xx. Generated from the route table, so new routes are covered as they land.
 */

type Schema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  $ref?: string;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; schema?: Schema; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const HUGE = 'x'.repeat(20_000);
const BAD_SCALARS: unknown[] = ['abc', '-1', '0', '99999999999999999999999', '1e309', HUGE, '%00', '../../etc/passwd', 'NaN', ''];
const BAD_BODY_VALUES: unknown[] = ['abc', -1, 1e308, HUGE, null, true, [], {}, [1, 2, 3], { nested: { deep: HUGE } }];

function resolve(doc: { components?: { schemas?: Record<string, Schema> } }, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref) return doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
  return schema;
}

function fillPath(path: string, params: Parameter[], override?: [string, string]): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (override && override[0] === name) return encodeURIComponent(override[1]);
    const p = params.find((x) => x.name === name);
    const s = p?.schema;
    if (s?.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
    if (s?.type === 'integer' || s?.type === 'number') return '1';
    return 'sample';
  });
}

describe.each(availableEngines())('bad input on %s', (engine) => {
  let sys: TestSystem;
  let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
  beforeAll(async () => {
    sys = await createTestSystem(engine);
    doc = sys.app.swagger() as typeof doc;
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('never answers 5xx to malformed requests on any route', async () => {
    const failures: string[] = [];
    let sent = 0;
    const send = async (method: string, url: string, payload?: unknown, raw?: string) => {
      sent++;
      const res = await sys.app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        ...(raw !== undefined
          ? { payload: raw, headers: { 'content-type': 'application/json' } }
          : payload !== undefined
            ? { payload: payload as object }
            : {}),
      });
      if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url.slice(0, 160)} ${raw ? '(raw body)' : ''} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    };

    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const params = op.parameters ?? [];
        // Path parameters with bad values.
        for (const p of params.filter((x) => x.in === 'path')) {
          for (const bad of BAD_SCALARS.filter((b) => b !== '')) await send(method, fillPath(path, params, [p.name, String(bad)]));
        }
        const basePath = fillPath(path, params);
        // A query string no parser expects.
        await send(method, `${basePath}?%zz=1&a[b]=c&&=&${'k'.repeat(300)}=v`);
        // Query parameters with bad values, one at a time, plus unknown enum values.
        for (const p of params.filter((x) => x.in === 'query')) {
          for (const bad of BAD_SCALARS) await send(method, `${basePath}?${p.name}=${encodeURIComponent(String(bad))}`);
          await send(method, `${basePath}?${p.name}=a&${p.name}=b&${p.name}=${encodeURIComponent(HUGE)}`);
        }
        // Bodies: malformed JSON, wrong top-level types, each property with bad values.
        const bodySchema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
        if (op.requestBody) {
          await send(method, basePath, undefined, '{"unterminated": ');
          await send(method, basePath, undefined, 'null');
          for (const bad of BAD_BODY_VALUES) await send(method, basePath, bad === null ? undefined : bad);
          for (const prop of Object.keys(bodySchema?.properties ?? {})) {
            for (const bad of BAD_BODY_VALUES) await send(method, basePath, { [prop]: bad });
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(0);
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
  }, 600_000);
});
