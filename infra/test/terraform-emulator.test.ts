/**
 * Both stacks against the moto AWS emulator on loopback: `apply` of infra/bootstrap creates
 * the state bucket and lock table; infra/main is then initialised with its S3 backend in that
 * very bucket (locking through that table) and planned. State lives in temp dirs and in moto.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyStack,
  fakeAwsEnv,
  makeWorkspace,
  run,
  startMoto,
  terraformAvailable,
  tf,
  httpsRequest,
  type Moto,
  type Workspace,
} from './support/terraform.ts';

const hasTerraform = terraformAvailable();
if (!hasTerraform) console.warn('[infra] terraform is not on PATH: skipping the emulator apply/plan tests.');

const bucket = `genonaut-state-${process.pid}-${Date.now().toString(36)}`;
const table = `genonaut-locks-${process.pid}`;

interface PlanResource {
  address: string;
  type: string;
  name: string;
  index?: string | number;
  change: { actions: string[]; after: Record<string, unknown> | null };
}
interface ConfigResource {
  address: string;
  type: string;
  name: string;
  expressions: Record<string, { references?: string[]; constant_value?: unknown }>;
}
interface PlanJson {
  resource_changes: PlanResource[];
  configuration: { root_module: { resources: ConfigResource[] } };
  planned_values: { outputs: Record<string, { sensitive: boolean; value?: unknown }> };
}

describe.skipIf(!hasTerraform)('terraform against the moto emulator', () => {
  let moto: Moto;
  let ws: Workspace;
  let bootstrapDir: string;
  let plan: PlanJson;
  let mainDir: string;

  beforeAll(async () => {
    moto = await startMoto();
    ws = await makeWorkspace('tf-moto', fakeAwsEnv);
  });

  afterAll(async () => {
    await moto?.stop();
    await ws?.cleanup();
  });

  const emulatorVars = () => ['-var', `aws_endpoint_url=${moto.endpoint}`, '-var', 'aws_emulator_mode=true'];
  const bootstrapVars = () => [...emulatorVars(), '-var', `state_bucket_name=${bucket}`, '-var', `dynamodb_table_name=${table}`];

  it('bootstrap: apply creates the state bucket and the lock table', async () => {
    bootstrapDir = await copyStack('bootstrap', ws);
    await tf(['init', '-input=false', '-no-color'], bootstrapDir, ws.env);
    await tf(['apply', '-auto-approve', '-input=false', '-no-color', ...bootstrapVars()], bootstrapDir, ws.env);

    const outputs = JSON.parse((await tf(['output', '-json'], bootstrapDir, ws.env)).stdout) as Record<string, { value: string }>;
    expect(outputs.state_bucket_name.value).toBe(bucket);
    expect(outputs.dynamodb_table_name.value).toBe(table);

    // The bucket, asked of the emulator itself.
    const versioning = await httpsRequest(`${moto.endpoint}/${bucket}?versioning`);
    expect(versioning.status).toBe(200);
    expect(versioning.body).toContain('<Status>Enabled</Status>');
    const encryption = await httpsRequest(`${moto.endpoint}/${bucket}?encryption`);
    expect(encryption.body).toContain('<SSEAlgorithm>AES256</SSEAlgorithm>');
    const publicBlock = await httpsRequest(`${moto.endpoint}/${bucket}?publicAccessBlock`);
    for (const flag of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) {
      expect(publicBlock.body).toContain(`<${flag}>true</${flag}>`);
    }
    const lifecycle = await httpsRequest(`${moto.endpoint}/${bucket}?lifecycle`);
    expect(lifecycle.body).toMatch(/<NoncurrentDays>\d+<\/NoncurrentDays>/);

    // The lock table: hash key LockID (string), on-demand billing.
    const described = await moto.jsonApi('dynamodb', 'DynamoDB_20120810.DescribeTable', { TableName: table });
    expect(described.status).toBe(200);
    const t = (JSON.parse(described.body) as { Table: Record<string, unknown> }).Table;
    expect(t.KeySchema).toEqual([{ AttributeName: 'LockID', KeyType: 'HASH' }]);
    expect(t.AttributeDefinitions).toEqual([{ AttributeName: 'LockID', AttributeType: 'S' }]);
    expect(t.BillingModeSummary).toMatchObject({ BillingMode: 'PAY_PER_REQUEST' });

    // State stayed in the temp copy.
    expect(JSON.parse(await readFile(path.join(bootstrapDir, 'terraform.tfstate'), 'utf8')).resources.length).toBeGreaterThan(3);
  });

  it('bootstrap: a second plan finds nothing to change', async () => {
    const res = await run('terraform', ['plan', '-detailed-exitcode', '-input=false', '-no-color', ...bootstrapVars()], bootstrapDir, ws.env);
    expect(res.code, `${res.stdout.slice(-3000)}\n${res.stderr}`).toBe(0);
  });

  it('main: init with the S3 backend in the bootstrapped bucket, then plan', async () => {
    mainDir = await copyStack('main', ws);
    const backend = [
      `bucket=${bucket}`,
      'key=envs/dev/terraform.tfstate',
      'region=us-east-1',
      `dynamodb_table=${table}`,
      'encrypt=true',
      'use_path_style=true',
      'insecure=true',
      'skip_credentials_validation=true',
      'skip_requesting_account_id=true',
      'skip_metadata_api_check=true',
      'skip_region_validation=true',
      `endpoints={s3="${moto.endpoint}",dynamodb="${moto.endpoint}",sts="${moto.endpoint}",iam="${moto.endpoint}"}`,
    ].flatMap((kv) => ['-backend-config', kv]);
    await tf(['init', '-input=false', '-no-color', ...backend], mainDir, ws.env);

    await tf(
      [
        'plan', '-input=false', '-no-color', '-lock-timeout=30s', '-out=dev.tfplan',
        ...emulatorVars(),
        '-var', 'env=dev',
        // Non-default switches, to see them reach the resources.
        '-var', 'db_multi_az=true',
        '-var', 'single_nat_gateway=false',
        '-var', 'redis_auth_token=emulator-only-token-0123456789',
      ],
      mainDir,
      ws.env,
    );
    plan = JSON.parse((await tf(['show', '-json', 'dev.tfplan'], mainDir, ws.env)).stdout) as PlanJson;
    expect(plan.resource_changes.length).toBeGreaterThan(80);
    expect(plan.resource_changes.every((r) => r.change.actions.join() === 'create' || r.change.actions.join() === 'read')).toBe(true);
  });

  const planned = (type: string, name?: string) =>
    plan.resource_changes.filter((r) => r.type === type && (name === undefined || r.name === name) && r.change.actions.includes('create'));
  const after = (type: string, name: string) => {
    const found = planned(type, name);
    expect(found, `${type}.${name} in the plan`).toHaveLength(1);
    return found[0].change.after ?? {};
  };
  const config = (type: string, name: string) => {
    const found = plan.configuration.root_module.resources.find((r) => r.type === type && r.name === name);
    expect(found, `${type}.${name} in the configuration`).toBeDefined();
    return found!;
  };

  it('main: network spans two AZs with public and private subnets and a NAT per AZ', () => {
    const azs = (name: string) => new Set(planned('aws_subnet', name).map((s) => s.change.after?.availability_zone));
    expect(azs('public').size).toBe(2);
    expect(azs('private').size).toBe(2);
    expect(planned('aws_nat_gateway')).toHaveLength(2);
    for (const s of planned('aws_subnet', 'private')) expect(s.change.after?.map_public_ip_on_launch).toBe(false);
  });

  it('main: PostgreSQL is encrypted, private, Multi-AZ on request, with a statement timeout', () => {
    const db = after('aws_db_instance', 'main');
    expect(db).toMatchObject({ engine: 'postgres', storage_encrypted: true, publicly_accessible: false, multi_az: true, manage_master_user_password: true });
    expect(db.password).toBeNull();
    const params = (after('aws_db_parameter_group', 'main').parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]);
    expect(Object.fromEntries(params)).toMatchObject({ statement_timeout: '60000', 'rds.force_ssl': '1' });
  });

  it('main: Redis is encrypted in transit and at rest', () => {
    const redis = after('aws_elasticache_replication_group', 'main');
    expect(redis.engine).toBe('redis');
    expect(redis.transit_encryption_enabled).toBe(true);
    expect(String(redis.at_rest_encryption_enabled)).toBe('true');
    expect(redis.num_cache_clusters).toBe(1);
  });

  /** Evaluates a `jsonencode(…)` expression in `terraform console` of the planned main stack (env=dev). */
  const consoleJson = (expr: string) =>
    new Promise<unknown>((resolve, reject) => {
      const child = spawn('terraform', ['console', '-no-color', ...emulatorVars(), '-var', 'env=dev'], { cwd: mainDir, env: ws.env });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`terraform console exited ${code}: ${err}`));
        try {
          resolve(JSON.parse(JSON.parse(out.trim()) as string));
        } catch (e) {
          reject(new Error(`terraform console printed no JSON for ${expr}: ${out.slice(0, 300)} (${String(e)})`));
        }
      });
      child.stdin.end(`${expr}\n`);
    });

  it('main: every role runs the one image with its own genonaut command', async () => {
    // The rendered container definitions are unknown until apply (they embed ARNs and
    // endpoints), so the parts that are fixed by the configuration are read through the console.
    const families = planned('aws_ecs_task_definition', 'role').map((r) => [String(r.index), r.change.after?.family]);
    expect(Object.fromEntries(families)).toEqual({
      api: 'genonaut-dev-api',
      worker: 'genonaut-dev-worker',
      scheduler: 'genonaut-dev-scheduler',
      migrate: 'genonaut-dev-migrate',
    });
    const expr =
      'jsonencode({ commands = { for k, r in local.roles : k => r.command }, ports = { for k, r in local.roles : k => r.ports }, ' +
      'env = [for e in local.app_environment : e.name], secrets = [for s in local.app_secrets : s.name], ' +
      'target = local.env_target })';
    const roles = (await consoleJson(expr)) as {
      commands: Record<string, string[]>;
      ports: Record<string, number[]>;
      env: string[];
      secrets: string[];
      target: string;
    };
    expect(roles.commands).toEqual({ api: ['api'], worker: ['worker'], scheduler: ['scheduler'], migrate: ['db', 'migrate'] });
    expect(roles.ports).toEqual({ api: [8001], worker: [], scheduler: [], migrate: [] });
    expect(roles.target).toBe('cloud-dev');
    expect(roles.env).toEqual(expect.arrayContaining(['ENV_TARGET', 'DATABASE_URL', 'COMFYUI_URL', 'API_HOST', 'API_PORT', 'STORAGE_DIR', 'LOG_LEVEL']));
    // Secrets arrive through ECS secrets, never as plain environment values.
    expect(roles.secrets.sort()).toEqual(['API_SECRET_KEY', 'PGPASSWORD', 'REDIS_URL']);
    expect(roles.env).not.toContain('API_SECRET_KEY');
    expect(roles.env).not.toContain('REDIS_URL');
  });

  it('main: the API sits behind the ALB with the /api/v1/health check and autoscales', () => {
    const tg = after('aws_lb_target_group', 'api');
    expect(tg).toMatchObject({ port: 8001, protocol: 'HTTP', target_type: 'ip' });
    expect((tg.health_check as Array<{ path: string }>)[0].path).toBe('/api/v1/health');
    expect(after('aws_lb', 'api')).toMatchObject({ internal: false, load_balancer_type: 'application' });
    expect(after('aws_appautoscaling_target', 'api')).toMatchObject({ min_capacity: 2, max_capacity: 6 });
  });

  it('main: workers autoscale on queue depth per worker; exactly one scheduler', () => {
    const policy = after('aws_appautoscaling_policy', 'worker_backlog');
    const text = JSON.stringify(policy);
    expect(text).toContain('QueueDepth');
    expect(text).toContain('RunningTaskCount');
    expect(after('aws_ecs_service', 'scheduler')).toMatchObject({ desired_count: 1, deployment_maximum_percent: 100 });
    expect(planned('aws_appautoscaling_target', 'scheduler')).toHaveLength(0);
  });

  it('main: the scheduler alone is configured to publish exactly the metric the worker autoscaling reads', async () => {
    type Metric = { namespace: string; metric_name: string; dimensions: Array<{ name: string; value: string }> };
    type Query = { id: string; metric_stat?: Array<{ metric: Metric[] }> };
    const policy = after('aws_appautoscaling_policy', 'worker_backlog') as {
      target_tracking_scaling_policy_configuration: Array<{ customized_metric_specification: Array<{ metrics: Query[] }> }>;
    };
    const queries = policy.target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics;
    const depth = queries.find((m) => m.id === 'depth')?.metric_stat?.[0]?.metric[0];
    // The app writes QueueDepth with the one dimension Environment (apps/server/src/jobs/queue-metric.ts).
    expect(depth).toEqual({ namespace: 'Genonaut', metric_name: 'QueueDepth', dimensions: [{ name: 'Environment', value: 'dev' }] });

    // Only values known at plan time (DATABASE_URL and others embed endpoints known after apply).
    const env = (await consoleJson(
      'jsonencode({ for role, vars in local.role_environment : role => { for v in vars : v.name => v.value if startswith(v.name, "QUEUE_METRIC_") || v.name == "ENV_TARGET" } })',
    )) as Record<string, Record<string, string>>;
    // QUEUE_METRIC_* are the app's queue-metric.* config keys (docs/configuration.md).
    expect(env.scheduler).toMatchObject({ QUEUE_METRIC_INTERVAL_SECONDS: '60', QUEUE_METRIC_NAMESPACE: depth?.namespace, QUEUE_METRIC_ENVIRONMENT: depth?.dimensions[0]?.value });
    expect(env.scheduler.ENV_TARGET).toBe('cloud-dev');
    for (const role of ['api', 'worker', 'migrate']) {
      expect(Object.keys(env[role]).filter((k) => k.startsWith('QUEUE_METRIC_')), role).toEqual([]);
    }
  });

  it('main: ComfyUI GPU hosts on 8189 are reachable only from workers', () => {
    expect(after('aws_autoscaling_group', 'comfyui')).toMatchObject({ min_size: 1, max_size: 2 });
    expect(after('aws_launch_template', 'comfyui').instance_type).toMatch(/^g/);
    expect(after('aws_lb', 'comfyui')).toMatchObject({ internal: true, load_balancer_type: 'network' });

    // Every ingress rule into the ComfyUI groups, read from the configuration's references.
    const ingress = plan.configuration.root_module.resources.filter((r) => r.type === 'aws_vpc_security_group_ingress_rule');
    const into = (group: string) =>
      ingress.filter((r) => (r.expressions.security_group_id?.references ?? []).includes(`aws_security_group.${group}.id`));
    const sources = (group: string) => into(group).map((r) => [r.expressions.referenced_security_group_id?.references?.[0], r.expressions.cidr_ipv4]);
    expect(sources('comfyui_lb')).toEqual([['aws_security_group.worker.id', undefined]]);
    expect(sources('comfyui')).toEqual([['aws_security_group.comfyui_lb.id', undefined]]);
    expect(config('aws_lb', 'comfyui').expressions.security_groups?.references).toContain('aws_security_group.comfyui_lb.id');
  });

  it('main: images bucket, ECR repositories, secrets and log groups exist', () => {
    expect(after('aws_s3_bucket_public_access_block', 'images')).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(planned('aws_ecr_repository').map((r) => r.name).sort()).toEqual(['app', 'comfyui']);
    expect(planned('aws_secretsmanager_secret').map((r) => r.name).sort()).toEqual(['api_secret_key', 'redis_url']);
    // The generated API key is write-only: the plan holds no value for it.
    expect(after('aws_secretsmanager_secret_version', 'api_secret_key').secret_string ?? null).toBeNull();
    const groups = planned('aws_cloudwatch_log_group').map((r) => String(r.change.after?.name)).sort();
    expect(groups).toEqual([
      '/ec2/genonaut-dev/comfyui',
      '/ecs/genonaut-dev/api',
      '/ecs/genonaut-dev/migrate',
      '/ecs/genonaut-dev/scheduler',
      '/ecs/genonaut-dev/worker',
    ]);
  });
});
