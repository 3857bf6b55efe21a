type JsonSchema = { default?: unknown; properties?: Record<string, JsonSchema>; required?: string[] } & Record<string, unknown>;
type Parameter = { required?: boolean; in?: string; schema?: JsonSchema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

/** A property with a server-side default is optional for the client. */
function relaxObjectSchema(schema: JsonSchema | undefined): void {
  if (!schema?.properties || !Array.isArray(schema.required)) return;
  schema.required = schema.required.filter((name) => schema.properties?.[name]?.default === undefined);
  if (schema.required.length === 0) delete schema.required;
}

/**
 * TypeBox marks a field with a `default` as required, and @fastify/swagger copies that into the
 * document; clients (and the web app's generated types) must be able to omit such fields.
 */
export function relaxDefaultedFields<T extends object>(doc: T): T {
  const d = doc as { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };
  for (const ops of Object.values(d.paths ?? {})) {
    for (const op of Object.values(ops)) {
      for (const p of op.parameters ?? []) {
        if (p.in !== 'path' && p.schema?.default !== undefined) p.required = false;
      }
      for (const media of Object.values(op.requestBody?.content ?? {})) relaxObjectSchema(media.schema);
    }
  }
  for (const schema of Object.values(d.components?.schemas ?? {})) relaxObjectSchema(schema);
  return doc;
}
