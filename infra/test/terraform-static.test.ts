/**
 * Offline checks of both Terraform stacks: formatting, `terraform validate` (providers from
 * the local mirror, no backend, no AWS calls), and docs/infra.md documenting every variable
 * and output.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyStack, infraDir, makeWorkspace, repoRoot, run, terraformAvailable, tf, type Workspace } from './support/terraform.ts';

const hasTerraform = terraformAvailable();
if (!hasTerraform) console.warn('[infra] terraform is not on PATH: skipping the Terraform fmt/validate tests.');

async function declaredNames(stack: string, kind: 'variable' | 'output'): Promise<string[]> {
  const dir = path.join(infraDir, stack);
  const names: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort()) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(new RegExp(`^${kind}\\s+"([A-Za-z0-9_-]+)"`, 'gm'))) names.push(m[1]);
  }
  return names;
}

describe.skipIf(!hasTerraform)('terraform (offline)', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await makeWorkspace('tf-static');
  });
  afterAll(async () => {
    await ws?.cleanup();
  });

  it('every .tf file is formatted (terraform fmt -check)', async () => {
    const res = await run('terraform', ['fmt', '-check', '-recursive', '-list=true', infraDir], repoRoot, ws.env);
    expect(res.stdout.trim(), `unformatted files (run make tf-fmt):\n${res.stdout}`).toBe('');
    expect(res.code).toBe(0);
  });

  for (const stack of ['bootstrap', 'main'] as const) {
    it(`${stack} validates with providers from the mirror`, async () => {
      const dir = await copyStack(stack, ws);
      await tf(['init', '-backend=false', '-input=false', '-no-color'], dir, ws.env);
      const res = await run('terraform', ['validate', '-json', '-no-color'], dir, ws.env);
      const report = JSON.parse(res.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
      expect(report.diagnostics, JSON.stringify(report.diagnostics, null, 2)).toEqual([]);
      expect(report.valid).toBe(true);
    });
  }

  it('validate rejects a broken configuration (the check can fail)', async () => {
    const dir = await copyStack('bootstrap', ws);
    const main = path.join(dir, 'main.tf');
    const text = await readFile(main, 'utf8');
    await writeFile(main, text.replace('hash_key     = "LockID"', 'hash_key     = var.no_such_variable'));
    await tf(['init', '-backend=false', '-input=false', '-no-color'], dir, ws.env);
    const res = await run('terraform', ['validate', '-json', '-no-color'], dir, ws.env);
    const report = JSON.parse(res.stdout) as { valid: boolean; diagnostics: Array<{ summary: string }> };
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((d) => d.summary).join('\n')).toMatch(/undeclared input variable/i);
  });
});

describe('docs/infra.md', () => {
  for (const stack of ['bootstrap', 'main'] as const) {
    for (const kind of ['variable', 'output'] as const) {
      it(`documents every ${kind} of infra/${stack}`, async () => {
        const docs = await readFile(path.join(repoRoot, 'docs/infra.md'), 'utf8');
        const names = await declaredNames(stack, kind);
        expect(names.length).toBeGreaterThan(2);
        // Each name appears as `name` in a table row of that stack's section.
        const section = docs.split(/^## /m).find((s) => s.startsWith(`infra/${stack}`)) ?? '';
        const missing = names.filter((n) => !new RegExp(`^\\|\\s*\`${n}\`\\s*\\|`, 'm').test(section));
        expect(missing, `add these to the "## infra/${stack}" section of docs/infra.md`).toEqual([]);
      });
    }
  }
});
