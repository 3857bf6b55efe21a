import cliProgress from 'cli-progress';
import { csvLine, type Database } from '../database.ts';
import { refreshStatistics } from '../../modules/stats/stats.service.ts';
import { aggregateGenerationMetrics } from '../../jobs/route-analytics.ts';
import { parseSeedAnchor, resolveSeedAnchor } from './anchor.ts';
import { dropForBulkLoad, restoreAfterBulkLoad, type DroppedDefinitions } from './bulk-load.ts';
import { SEED_CHECKPOINTS, SEED_LORAS } from './catalogue.ts';
import { ItemGenerator } from './generator.ts';
import { forEachLimited, imagePaths, writeImage, type ImagePaths } from './images.ts';
import { loadOntology, type Ontology } from './ontology.ts';
import { Prng, ZipfSampler } from './prng.ts';
import { ROUTE_HOURLY_COLUMNS, ROUTE_RAW_COLUMNS, generateRouteTraffic } from './traffic.ts';

/**
 * The demo data generator: users (with the admin), the curated tag ontology, the model
 * catalogue, regular and auto content with prompts, tags, pictures and generation parameters,
 * then jobs (with their analytics events), notifications, ratings, interactions, bookmarks in
 * nested categories, search history and recommendations, a month of route analytics; finally the
 * statistics tables.
 *
 * Everything is drawn from `randomSeed` (no Math.random): the same seed and the same anchor on a
 * fresh database give the same rows, ids, texts and dates. Dates lie before the anchor (anchor.ts):
 * by default derived from the seed (2026-11-01 minus `seed mod 10` days), or the start of the day
 * the seed runs (`now`), or a given date.
 */

export interface SeedOptions {
  items: number;
  randomSeed: number;
  storageDir: string;
  adminUserId: string;
  /** `seed.anchor`: "" / "fixed" (default), "now", or an ISO date or date-time with a zone (anchor.ts). */
  anchor?: string;
  /** The clock `now` and future checks read (tests); default Date.now(). */
  now?: number;
  /** Make pictures (default true). Large seeds (or false) share a pool of pictures instead. */
  images?: boolean;
  /** cli-progress bars (default false). */
  progress?: boolean;
  log?: (line: string) => void;
}

export interface SeedReport {
  rows: Record<string, number>;
}

/** Tables reported after a seed, in load order. */
export const SEEDED_TABLES = [
  'users',
  'tags',
  'tag_parents',
  'models_checkpoints',
  'models_loras',
  'content_items',
  'content_items_auto',
  'content_tags',
  'generation_jobs',
  'user_notifications',
  'tag_ratings',
  'user_favorite_tags',
  'user_interactions',
  'recommendations',
  'bookmark_categories',
  'bookmarks',
  'bookmark_category_members',
  'user_search_history',
  'generation_events',
  'generation_metrics_hourly',
  'route_analytics',
  'route_analytics_hourly',
  'tag_cardinality_stats',
  'gen_source_stats',
] as const;

/**
 * Above this many items, pictures come from a shared pool: no million files for big seeds, and the
 * first start of `npm start` (a few thousand items) is ready in well under a minute.
 */
export const UNIQUE_IMAGE_LIMIT = 1_000;
export const IMAGE_POOL_SIZE = 500;
/**
 * Above this many items on PostgreSQL, the secondary indexes and foreign keys of the big tables
 * (content, links, jobs, notifications, interactions) are dropped for the load and rebuilt after.
 */
export const BULK_REBUILD_THRESHOLD = 100_000;
/** Share of content in the regular ("items") partition; the rest is auto content. */
const REGULAR_SHARE = 0.15;
const PRIVATE_SHARE = 0.08;
const ADMIN_SHARE = 0.08;
const DAY_MS = 86_400_000;

/** The newest moment of the seeded data for this seed and `seed.anchor` value (anchor.ts). */
export function anchorDate(randomSeed: number, anchor = '', now: number = Date.now()): Date {
  return new Date(resolveSeedAnchor(anchor, randomSeed, now));
}

/** True once demo data is in: any content or the ontology's tags exist. */
export async function isSeeded(db: Database): Promise<boolean> {
  const res = await db.query<{ seeded: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM content_items_all) OR EXISTS (SELECT 1 FROM tags WHERE id = $1) AS seeded`,
    [loadOntology().roots[0]?.id],
  );
  return res.rows[0]?.seeded === true;
}

export async function countRows(db: Database): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of SEEDED_TABLES) {
    const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    rows[table] = res.rows[0]?.n ?? 0;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const ADJECTIVES = ['amber', 'quiet', 'lucid', 'velvet', 'cobalt', 'misty', 'brave', 'paper', 'neon', 'lunar', 'rusty', 'silver', 'gentle', 'wild', 'hollow', 'bright', 'sable', 'coral', 'ivory', 'stormy'];
const NOUNS = ['fox', 'brush', 'pixel', 'heron', 'lantern', 'comet', 'atlas', 'willow', 'ember', 'glyph', 'harbor', 'prism', 'raven', 'meadow', 'quill', 'nebula', 'otter', 'canvas', 'cinder', 'delta'];
const CATEGORY_TREES: Array<[string, string[]]> = [
  ['Favourites', ['Landscapes', 'Portraits']],
  ['Inspiration', ['Colour studies', 'Compositions']],
  ['Projects', ['Book cover ideas', 'Poster drafts']],
  ['Worlds', ['Sci-fi', 'Fantasy']],
];
const CATEGORY_COLOURS = ['#e76f51', '#2a9d8f', '#e9c46a', '#264653', '#8338ec', '#3a86ff', '#ff006e'];
const CATEGORY_ICONS = ['star', 'folder', 'palette', 'image', 'bookmark', 'lightbulb'];
const SEARCH_EXTRAS = ['"golden hour"', 'portrait', 'neon city', 'watercolor fox', 'dragon', 'cozy cabin', 'ukiyo-e', 'astronaut', 'pastel', '"oil painting"'];

const iso = (ms: number): string => new Date(ms).toISOString();

function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

class Chunker {
  private parts: string[] = [];
  rows = 0;
  push(line: string): void {
    this.parts.push(line);
    this.rows++;
  }
  /** The accumulated lines as a few large strings (COPY streams big chunks best). */
  take(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.parts.length; i += 2000) out.push(this.parts.slice(i, i + 2000).join(''));
    this.parts = [];
    this.rows = 0;
    return out;
  }
}

interface SeedUser {
  id: string;
  username: string;
  isAdmin: boolean;
}

interface Context {
  db: Database;
  options: SeedOptions;
  ontology: Ontology;
  anchor: number;
  log: (line: string) => void;
  users: SeedUser[];
}

// ---------------------------------------------------------------------------------------------
// Users, ontology, catalogue

function makeUsers(items: number, randomSeed: number, adminUserId: string): SeedUser[] {
  const rng = new Prng(randomSeed, 1);
  const count = Math.min(1500, Math.max(12, Math.round(items / 250)));
  const users: SeedUser[] = [{ id: adminUserId, username: 'admin', isAdmin: true }];
  const taken = new Set(['admin']);
  for (let i = 0; users.length <= count; i++) {
    let name = `${rng.pick(ADJECTIVES)}_${rng.pick(NOUNS)}`;
    if (taken.has(name)) name = `${name}${rng.int(2, 999)}`;
    if (taken.has(name)) continue;
    taken.add(name);
    users.push({ id: rng.uuid(), username: name, isAdmin: false });
  }
  return users;
}

async function seedUsers(ctx: Context): Promise<void> {
  const rng = new Prng(ctx.options.randomSeed, 2);
  const tags = ctx.ontology.tags.filter((t) => t.phrase !== null);
  const [admin, ...demo] = ctx.users as [SeedUser, ...SeedUser[]];
  await ctx.db.query(
    `INSERT INTO users (id, username, email, created_at, updated_at, preferences, is_active)
     VALUES ($1, 'admin', 'admin@demo.genonaut.example', $2, $2, $3, true)
     ON CONFLICT (id) DO NOTHING`,
    [admin.id, iso(ctx.anchor - 400 * DAY_MS), JSON.stringify({ notifications_enabled: true, theme: 'dark', favorite_tags: ['golden-hour', 'watercolor', 'fox'] })],
  );
  const lines = demo.map((u) => {
    const created = iso(ctx.anchor - rng.int(30, 390) * DAY_MS - rng.int(0, DAY_MS - 1));
    const prefs = {
      notifications_enabled: rng.chance(0.8),
      theme: rng.pick(['dark', 'light']),
      favorite_tags: rng.sample(tags, rng.int(0, 5)).map((t) => t.name),
    };
    return csvLine([u.id, u.username, `${u.username}@demo.genonaut.example`, created, created, prefs, rng.chance(0.98)]);
  });
  await ctx.db.copyFrom('users', ['id', 'username', 'email', 'created_at', 'updated_at', 'preferences', 'is_active'], lines);
}

async function seedOntologyAndModels(ctx: Context): Promise<void> {
  const created = iso(ctx.anchor - 400 * DAY_MS);
  await ctx.db.copyFrom(
    'tags',
    ['id', 'name', 'tag_metadata', 'created_at', 'updated_at'],
    ctx.ontology.tags.map((t) =>
      csvLine([t.id, t.name, { category: t.root, depth: t.depth, keywords: t.keywords, grouping: t.phrase === null }, created, created]),
    ),
  );
  await ctx.db.copyFrom(
    'tag_parents',
    ['tag_id', 'parent_id'],
    ctx.ontology.edges.map((e) => csvLine([ctx.ontology.byName.get(e.child)?.id, ctx.ontology.byName.get(e.parent)?.id])),
  );
  await ctx.db.copyFrom(
    'models_checkpoints',
    ['id', 'path', 'filename', 'name', 'version', 'architecture', 'family', 'description', 'rating', 'tags', 'model_metadata', 'created_at', 'updated_at'],
    SEED_CHECKPOINTS.map((c) =>
      csvLine([c.id, c.path, c.filename, c.name, c.version, c.architecture, c.family, c.description, c.rating, c.tags, { cfg_range: c.cfg }, created, created]),
    ),
  );
  await ctx.db.copyFrom(
    'models_loras',
    ['id', 'path', 'filename', 'name', 'version', 'compatible_architectures', 'family', 'description', 'rating', 'tags', 'trigger_words', 'optimal_checkpoints', 'model_metadata', 'created_at', 'updated_at'],
    SEED_LORAS.map((l) =>
      csvLine([
        l.id, l.path, l.filename, l.name, l.version, l.compatibleArchitectures.join(','), l.family, l.description, l.rating,
        l.tags, l.triggerWords, l.optimalCheckpoints, { recommended_weight: l.recommendedWeight }, created, created,
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Content

/** What later steps need to know about the content, kept compact (1.2 M items fit easily). */
interface ContentIndex {
  firstId: number;
  count: number;
  /** 1 = regular ("items"), 0 = auto. */
  regular: Uint8Array;
  creator: Uint16Array;
  createdAt: Float64Array;
  isPrivate: Uint8Array;
  /** Regular items in id order, with what a generation job needs. */
  jobs: Array<{ index: number; prompt: string; negative: string; params: Record<string, unknown>; checkpoint: string; loras: unknown[]; width: number; height: number }>;
}

function makeBar(ctx: Context, label: string, total: number): cliProgress.SingleBar | null {
  if (!ctx.options.progress) return null;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(10)} {bar} {percentage}% | {value}/{total} | {speed} rows/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { speed: '0' });
  return bar;
}

async function seedContent(ctx: Context, bulk: boolean): Promise<{ index: ContentIndex; images: Promise<void> }> {
  const { db, options, ontology } = ctx;
  const n = options.items;
  const rng = new Prng(options.randomSeed, 3);
  const generator = new ItemGenerator(ontology, options.randomSeed);
  const unique = options.images !== false && n <= UNIQUE_IMAGE_LIMIT;
  const withImages = n > 0;

  const first = Number((await db.query<{ id: number }>(`SELECT nextval('content_items_id_seq') AS id`)).rows[0]?.id);
  if (n > 1) await db.query(`SELECT setval('content_items_id_seq', $1)`, [first + n - 1]);

  const index: ContentIndex = {
    firstId: first,
    count: n,
    regular: new Uint8Array(n),
    creator: new Uint16Array(n),
    createdAt: new Float64Array(n),
    isPrivate: new Uint8Array(n),
    jobs: [],
  };

  // A shared pool of pictures for large seeds: made up front, picked by item.
  let pool: ImagePaths[] = [];
  if (withImages && !unique) {
    const poolRng = new Prng(options.randomSeed, 5);
    const tasks = Array.from({ length: Math.min(IMAGE_POOL_SIZE, n) }, (_, k) => ({ k, seed: poolRng.nextUint32(), spec: generator.next(poolRng) }));
    await forEachLimited(tasks, 4, async (t) => {
      await writeImage(options.storageDir, `seed/pool/${String(t.k).padStart(3, '0')}`, t.seed, t.spec.colours, t.spec.width, t.spec.height);
    });
    pool = tasks.map((t) => imagePaths(`seed/pool/${String(t.k).padStart(3, '0')}`));
    ctx.log(`images: a pool of ${pool.length} pictures shared by ${n.toLocaleString('en-US')} items`);
  }
  // Started while the rows are generated, awaited at the end of the seed (sharp works on its
  // own threads meanwhile). At most UNIQUE_IMAGE_LIMIT are pending.
  const imageWork: Array<Promise<ImagePaths>> = [];
  const imagesStarted = Date.now();

  const contentColumns = ['id', 'title', 'content_type', 'content_data', 'item_metadata', 'creator_id', 'created_at', 'updated_at', 'quality_score', 'is_private', 'path_thumb', 'prompt', 'path_thumbs_alt_res', 'source_type', 'tag_ids'];
  const span = 365 * DAY_MS;
  const start = ctx.anchor - span;
  const batchSize = db.kind === 'pg' ? 25_000 : 20_000;
  const nonAdmin = ctx.users.length - 1;
  const creatorPick = nonAdmin > 0 ? new ZipfSampler(nonAdmin, 0.8) : null;
  const tagIds = ontology.tags.map((t) => t.id);
  const bar = makeBar(ctx, 'content', n);
  const startedAt = Date.now();
  let inflight: Promise<unknown> = Promise.resolve();
  let linkCount = 0;

  for (let offset = 0; offset < n; offset += batchSize) {
    const end = Math.min(n, offset + batchSize);
    const regular = new Chunker();
    const auto = new Chunker();
    const links = new Chunker();
    for (let i = offset; i < end; i++) {
      const id = first + i;
      const spec = generator.next(rng);
      const isRegular = rng.chance(REGULAR_SHARE);
      const source = isRegular ? 'items' : 'auto';
      const creatorIndex = rng.chance(ADMIN_SHARE) || !creatorPick ? 0 : 1 + creatorPick.draw(rng);
      const creator = ctx.users[creatorIndex] as SeedUser;
      const createdMs = Math.round(start + ((i + rng.next()) * span) / n);
      const isPrivate = rng.chance(PRIVATE_SHARE);
      index.regular[i] = isRegular ? 1 : 0;
      index.creator[i] = creatorIndex;
      index.createdAt[i] = createdMs;
      index.isPrivate[i] = isPrivate ? 1 : 0;

      let paths: ImagePaths;
      if (unique) {
        const month = iso(createdMs).slice(0, 7);
        const base = `seed/${month}/${creator.username}/${id}`;
        paths = imagePaths(base);
        const work = writeImage(options.storageDir, base, spec.seed, spec.colours, spec.width, spec.height);
        // Awaited below through Promise.all; an early failure must not count as unhandled meanwhile.
        work.catch(() => undefined);
        imageWork.push(work);
      } else {
        paths = pool[id % Math.max(1, pool.length)] ?? imagePaths('seed/pool/000');
      }
      const sampler = { sampler_name: spec.sampler, scheduler: spec.scheduler, steps: spec.steps, cfg: spec.cfg, seed: spec.seed, denoise: 1 };
      const metadata = {
        checkpoint_model: spec.checkpoint.name,
        lora_models: spec.loras,
        negative_prompt: spec.negativePrompt,
        width: spec.width,
        height: spec.height,
        batch_size: 1,
        sampler_params: sampler,
      };
      const ids = spec.tagIndexes.map((t) => tagIds[t] as string).sort();
      const created = iso(createdMs);
      const line = csvLine([
        id, spec.title, 'image', paths.original, metadata, creator.id, created, created, spec.quality, isPrivate,
        paths.thumb, spec.prompt, paths.altRes, source, pgArray(ids),
      ]);
      (isRegular ? regular : auto).push(line);
      for (const tagId of ids) links.push(`${id},${source},${tagId}\n`);
      linkCount += ids.length;
      if (isRegular) {
        index.jobs.push({
          index: i,
          prompt: spec.prompt,
          negative: spec.negativePrompt,
          params: { ...metadata, checkpoint_model: spec.checkpoint.name },
          checkpoint: spec.checkpoint.name,
          loras: spec.loras,
          width: spec.width,
          height: spec.height,
        });
      }
    }
    const batch = { regular: regular.take(), auto: auto.take(), links: links.take(), rows: end - offset };
    await inflight;
    bar?.update(offset, { speed: Math.round(offset / Math.max(0.001, (Date.now() - startedAt) / 1000)).toLocaleString('en-US') });
    const copies = [
      () => db.copyFrom('content_items', contentColumns, batch.regular),
      () => db.copyFrom('content_items_auto', contentColumns, batch.auto),
    ];
    // Links reference content (unless the foreign key is off for a bulk load).
    inflight =
      db.kind === 'pg' && bulk
        ? Promise.all([...copies.map((c) => c()), db.copyFrom('content_tags', ['content_id', 'source_type', 'tag_id'], batch.links)])
        : (async () => {
            for (const c of copies) await c();
            await db.copyFrom('content_tags', ['content_id', 'source_type', 'tag_id'], batch.links);
          })();
    if (!ctx.options.progress && n >= 100_000) ctx.log(`content: ${end.toLocaleString('en-US')} / ${n.toLocaleString('en-US')}`);
  }
  await inflight;
  bar?.update(n, { speed: Math.round(n / Math.max(0.001, (Date.now() - startedAt) / 1000)).toLocaleString('en-US') });
  bar?.stop();
  ctx.log(`content: ${n.toLocaleString('en-US')} items, ${linkCount.toLocaleString('en-US')} tag links in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const images = (async () => {
    if (imageWork.length === 0) return;
    await Promise.all(imageWork);
    ctx.log(`images: ${imageWork.length.toLocaleString('en-US')} pictures in ${((Date.now() - imagesStarted) / 1000).toFixed(1)} s (alongside the database work)`);
  })();
  images.catch(() => undefined);
  return { index, images };
}

// ---------------------------------------------------------------------------------------------
// Activity

function contentRef(index: ContentIndex, i: number): { id: number; source: 'items' | 'auto' } {
  return { id: index.firstId + i, source: index.regular[i] === 1 ? 'items' : 'auto' };
}

/** A random visible item (public, or the user's own). */
function pickItem(rng: Prng, index: ContentIndex, userIndex: number): number {
  for (;;) {
    const i = rng.int(0, index.count - 1);
    if (index.isPrivate[i] === 0 || index.creator[i] === userIndex) return i;
  }
}

async function seedJobsAndNotifications(ctx: Context, index: ContentIndex): Promise<void> {
  const rng = new Prng(ctx.options.randomSeed, 11);
  const jobColumns = ['id', 'user_id', 'job_type', 'prompt', 'status', 'created_at', 'updated_at', 'started_at', 'completed_at', 'error_message', 'params', 'content_id', 'content_source_type', 'negative_prompt', 'checkpoint_model', 'lora_models', 'width', 'height', 'batch_size', 'comfyui_prompt_id'];
  const jobs = new Chunker();
  const notes = new Chunker();
  const noteColumns = ['user_id', 'title', 'message', 'notification_type', 'read_status', 'related_job_id', 'related_content_id', 'related_content_source_type', 'created_at', 'read_at'];
  let jobId = 0;
  const perUserNotes = new Map<number, number>();
  const noteFor = (userIndex: number) => {
    const n = perUserNotes.get(userIndex) ?? 0;
    perUserNotes.set(userIndex, n + 1);
    return userIndex === 0 || n < 25;
  };
  // The analytics events the live pipeline writes for each outcome (generation.queries.ts,
  // generation.worker.ts): a request when queued, a completion (success or failure) or a cancellation.
  const events = new Chunker();
  const event = (
    type: 'request' | 'completion' | 'cancellation',
    id: number,
    userId: string,
    at: number,
    e: { duration?: number; success?: boolean; errorType?: string; errorMessage?: string; queueWait?: number; generation?: number; checkpoint?: string; dims?: object; batch?: number } = {},
  ) =>
    events.push(
      csvLine([
        type, id, userId, iso(at), 'image', e.duration, e.success, e.errorType, e.errorMessage, e.queueWait, e.generation,
        e.checkpoint, e.dims, e.batch, iso(at),
      ]),
    );
  for (const job of index.jobs) {
    const userIndex = index.creator[job.index] as number;
    const user = ctx.users[userIndex] as SeedUser;
    const created = index.createdAt[job.index] as number;
    // Queued 20–240 s before the picture was stored; at least 15 s of that was the generation itself.
    const total = rng.int(20, 240);
    const queued = created - total * 1000;
    const startedMs = queued + Math.min(rng.int(1, 30), total - 15) * 1000;
    const ref = contentRef(index, job.index);
    const dims = { width: job.width, height: job.height };
    jobId++;
    jobs.push(
      csvLine([
        jobId, user.id, 'image_generation', job.prompt, 'completed', iso(queued), iso(created), iso(startedMs), iso(created), null,
        job.params, ref.id, 'items', job.negative, job.checkpoint, job.loras, job.width, job.height, 1, rng.uuid(),
      ]),
    );
    event('request', jobId, user.id, queued, { checkpoint: job.checkpoint, dims, batch: 1 });
    event('completion', jobId, user.id, created, {
      duration: created - startedMs, success: true, queueWait: startedMs - queued, generation: created - startedMs, checkpoint: job.checkpoint, dims, batch: 1,
    });
    if (noteFor(userIndex) && rng.chance(userIndex === 0 ? 1 : 0.3)) {
      const read = rng.chance(0.6);
      // Sent a second after the picture and read within a day, neither after the anchor.
      const sentAt = Math.min(created + 1000, ctx.anchor);
      const readAt = Math.min(ctx.anchor, Math.max(sentAt, created + rng.int(60, 86_400) * 1000));
      notes.push(
        csvLine([
          user.id, 'Your image is ready', `"${job.prompt.slice(0, 60)}…" finished in ${Math.round((created - startedMs) / 1000)} s.`,
          'job_completed', read, jobId, ref.id, 'items', iso(sentAt), read ? iso(readAt) : null,
        ]),
      );
    }
    // About 3 % of requests did not produce an image.
    if (rng.chance(0.03)) {
      jobId++;
      const picked = rng.pick(['failed', 'failed', 'cancelled', 'pending'] as const);
      const failure = picked === 'failed' ? rng.pick(FAILURES) : null;
      // A later try of the same prompt, finished (even a 900 s time-out) before the anchor.
      const at = Math.min(created + rng.int(60, 3600) * 1000, ctx.anchor - 20 * 60_000);
      // Only a recent request can still be waiting (a worker runs pending jobs when it starts);
      // an older one was given up on.
      const status = picked === 'pending' && at < ctx.anchor - DAY_MS ? 'cancelled' : picked;
      const startedMs = status === 'pending' || (status === 'cancelled' && rng.chance(0.4)) ? null : at + rng.int(1, 30) * 1000;
      const ended =
        status === 'pending' ? null : failure ? (startedMs as number) + rng.int(failure.seconds[0], failure.seconds[1]) * 1000 : (startedMs ?? at) + rng.int(2, 60) * 1000;
      jobs.push(
        csvLine([
          jobId, user.id, 'image_generation', job.prompt, status, iso(at), iso(ended ?? at), startedMs === null ? null : iso(startedMs), ended === null ? null : iso(ended),
          failure?.message ?? null, { ...job.params, sampler_params: { ...(job.params.sampler_params as object), seed: rng.nextUint32() } },
          null, 'items', job.negative, job.checkpoint, job.loras, job.width, job.height, 1, null,
        ]),
      );
      event('request', jobId, user.id, at, { checkpoint: job.checkpoint, dims: { width: job.width, height: job.height }, batch: 1 });
      if (failure && ended !== null) {
        event('completion', jobId, user.id, ended, {
          duration: ended - (startedMs as number), success: false, errorType: failure.type, errorMessage: failure.message, checkpoint: job.checkpoint, batch: 1,
        });
      } else if (status === 'cancelled' && ended !== null) {
        event('cancellation', jobId, user.id, ended);
      }
      if (ended !== null && noteFor(userIndex)) {
        notes.push(
          csvLine([
            user.id, status === 'failed' ? 'Generation failed' : 'Generation cancelled',
            status === 'failed' ? 'The generation could not finish. You can retry it from the generation page.' : 'The generation was cancelled.',
            status === 'failed' ? 'job_failed' : 'job_cancelled', rng.chance(0.5), jobId, null, 'items', iso(ended), null,
          ]),
        );
      }
    }
  }
  for (let u = 0; u < ctx.users.length; u++) {
    const user = ctx.users[u] as SeedUser;
    notes.push(csvLine([user.id, 'Welcome to Genonaut', 'Browse the gallery, explore tags and start your first generation.', 'system', u !== 0, null, null, 'items', iso(ctx.anchor - 366 * DAY_MS), null]));
    if (u === 0 || rng.chance(0.3)) {
      const i = pickItem(rng, index, u);
      const ref = contentRef(index, i);
      notes.push(csvLine([user.id, 'Recommended for you', 'An image you may like, based on your ratings.', 'recommendation', false, null, ref.id, ref.source, iso(ctx.anchor - rng.int(0, 30) * DAY_MS), null]));
    }
  }
  await copyAll(ctx, 'generation_jobs', jobColumns, jobs);
  if (jobId > 0) await ctx.db.query(`SELECT setval(pg_get_serial_sequence('generation_jobs', 'id'), $1)`, [jobId]);
  await copyAll(ctx, 'user_notifications', noteColumns, notes);
  await copyAll(ctx, 'generation_events', EVENT_COLUMNS, events);
}

const EVENT_COLUMNS = [
  'event_type', 'job_id', 'user_id', 'timestamp', 'generation_type', 'duration_ms', 'success', 'error_type', 'error_message',
  'queue_wait_time_ms', 'generation_time_ms', 'model_checkpoint', 'image_dimensions', 'batch_size', 'created_at',
];

/** Why seeded jobs failed: the worker's message, its error class (the event's error_type) and how long the attempt ran. */
const FAILURES: ReadonlyArray<{ message: string; type: string; seconds: [number, number] }> = [
  { message: 'ComfyUI returned an error: out of memory', type: 'ComfyUIWorkflowError', seconds: [8, 60] },
  { message: 'Generation timed out after 900 s', type: 'ComfyUIWorkflowError', seconds: [900, 900] },
  { message: 'Checkpoint file not found', type: 'ComfyUIWorkflowError', seconds: [1, 3] },
  { message: 'ComfyUI is unreachable: connect ECONNREFUSED 127.0.0.1:8188 (gave up after 3 attempts)', type: 'ComfyUIUnavailableError', seconds: [20, 90] },
];

/**
 * The hourly generation metrics of every hour with seeded events, made by the rollup the scheduler
 * runs (jobs/route-analytics.ts), each row dated as if made 7 minutes after its hour.
 */
async function seedGenerationMetrics(ctx: Context): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query('SET LOCAL statement_timeout = 0');
    await aggregateGenerationMetrics(tx, new Date(0), new Date(ctx.anchor + DAY_MS));
    await tx.query(`UPDATE generation_metrics_hourly SET created_at = "timestamp" + interval '67 minutes'`);
  });
}

/** A month of API traffic before the anchor (traffic.ts), hourly rows plus the last days' raw events. */
async function seedRouteAnalytics(ctx: Context): Promise<void> {
  const hourly = new Chunker();
  const raw = new Chunker();
  const summary = generateRouteTraffic(
    { randomSeed: ctx.options.randomSeed, anchorMs: ctx.anchor, userIds: ctx.users.map((u) => u.id) },
    { hourly: (line) => hourly.push(line), raw: (line) => raw.push(line) },
  );
  await copyAll(ctx, 'route_analytics_hourly', ROUTE_HOURLY_COLUMNS, hourly);
  await copyAll(ctx, 'route_analytics', ROUTE_RAW_COLUMNS, raw);
  ctx.log(
    `route analytics: ${summary.requests.toLocaleString('en-US')} simulated requests over 30 days, ${summary.hourlyRows.toLocaleString('en-US')} hourly rows, ${summary.rawRows.toLocaleString('en-US')} raw events`,
  );
}

async function copyAll(ctx: Context, table: string, columns: string[], rows: Chunker): Promise<void> {
  // Bounded COPY statements keep each one well inside the API's statement timeout.
  const chunks = rows.take();
  for (let i = 0; i < chunks.length; i += 5) await ctx.db.copyFrom(table, columns, chunks.slice(i, i + 5));
}

async function seedActivity(ctx: Context, index: ContentIndex): Promise<void> {
  const rng = new Prng(ctx.options.randomSeed, 13);
  const { users, ontology } = ctx;
  const drawable = ontology.tags.filter((t) => t.phrase !== null);
  const ratings = new Chunker();
  const favourites = new Chunker();
  const interactions = new Chunker();
  const recs = new Chunker();
  const categories = new Chunker();
  const bookmarks = new Chunker();
  const members = new Chunker();
  const searches = new Chunker();
  const activityScale = Math.max(1, Math.min(40, Math.round(index.count / users.length / 4)));

  for (let u = 0; u < users.length; u++) {
    const user = users[u] as SeedUser;
    const isAdmin = u === 0;
    for (const tag of rng.sample(drawable, isAdmin ? 12 : rng.int(0, 8))) {
      const at = iso(ctx.anchor - rng.int(1, 300) * DAY_MS);
      ratings.push(csvLine([user.id, tag.id, rng.int(2, 10) / 2, at, at]));
    }
    for (const tag of rng.sample(drawable, isAdmin ? 6 : rng.int(0, 4))) favourites.push(csvLine([user.id, tag.id, iso(ctx.anchor - rng.int(1, 300) * DAY_MS)]));

    const nInteractions = isAdmin ? 60 + activityScale * 4 : rng.int(0, activityScale * 3);
    const seen = new Set<string>();
    for (let k = 0; k < nInteractions; k++) {
      const i = pickItem(rng, index, u);
      const ref = contentRef(index, i);
      const type = rng.pick(['view', 'view', 'view', 'like', 'like', 'rate', 'download', 'share'] as const);
      const key = `${ref.id}:${type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = Math.min(ctx.anchor, (index.createdAt[i] as number) + rng.int(60, 60 * DAY_MS / 1000) * 1000);
      interactions.push(
        csvLine([
          user.id, ref.id, ref.source, type, type === 'rate' ? rng.int(1, 5) : null, type === 'view' ? rng.int(2, 240) : null,
          iso(at), { source: rng.pick(['gallery', 'tag-page', 'search', 'recommendations']) },
        ]),
      );
    }

    for (let k = 0, nRecs = isAdmin ? 30 : rng.int(0, 10); k < nRecs; k++) {
      const ref = contentRef(index, pickItem(rng, index, u));
      const served = rng.chance(0.5);
      const at = ctx.anchor - rng.int(0, 20) * DAY_MS;
      recs.push(
        csvLine([
          user.id, ref.id, ref.source, Math.round(rng.next() * 1000) / 1000, 'tag-affinity-v1', iso(at - 3_600_000), served, served ? iso(at) : null,
          { algorithm: 'tag-affinity', reasons: rng.sample(drawable, 2).map((t) => t.name) },
        ]),
      );
    }

    // Bookmarks filed into nested categories (two levels below a root folder, plus Uncategorized).
    const nBookmarks = isAdmin ? 80 : rng.int(0, Math.min(40, activityScale * 2));
    if (nBookmarks === 0 && !isAdmin) continue;
    const cats: Array<{ id: string; depth: number }> = [];
    const addCategory = (name: string, parent: string | null, sort: number, depth: number) => {
      const id = rng.uuid();
      const at = iso(ctx.anchor - rng.int(30, 300) * DAY_MS);
      const isPublic = rng.chance(0.2);
      categories.push(
        csvLine([
          id, user.id, name, rng.chance(0.5) ? `My ${name.toLowerCase()} collection` : null, rng.pick(CATEGORY_COLOURS), rng.pick(CATEGORY_ICONS),
          parent, sort, isPublic, isPublic ? rng.uuid() : null, at, at,
        ]),
      );
      cats.push({ id, depth });
      return id;
    };
    addCategory('Uncategorized', null, 0, 0);
    for (const [t, [rootName, children]] of rng.sample(CATEGORY_TREES, isAdmin ? 4 : rng.int(1, 2)).entries()) {
      const rootId = addCategory(rootName, null, t + 1, 0);
      for (const [c, child] of children.entries()) {
        const childId = addCategory(child, rootId, c, 1);
        if (isAdmin && c === 0) addCategory('Best of', childId, 0, 2);
      }
    }
    const positions = new Map<string, number>();
    const bookmarked = new Set<number>();
    for (let k = 0; k < nBookmarks; k++) {
      const i = pickItem(rng, index, u);
      if (bookmarked.has(i)) continue;
      bookmarked.add(i);
      const ref = contentRef(index, i);
      const id = rng.uuid();
      const at = iso(Math.min(ctx.anchor, (index.createdAt[i] as number) + rng.int(1, 30) * DAY_MS));
      bookmarks.push(csvLine([id, user.id, ref.id, ref.source, rng.chance(0.2) ? 'Reference for colours' : null, rng.chance(0.1), rng.chance(0.15), at, at]));
      for (const cat of rng.sample(cats, rng.chance(0.3) ? 2 : 1)) {
        const pos = positions.get(cat.id) ?? 0;
        positions.set(cat.id, pos + 1);
        members.push(csvLine([id, cat.id, user.id, pos, at]));
      }
    }

    for (let k = 0, nSearch = isAdmin ? 15 : rng.int(0, 8); k < nSearch; k++) {
      const query = rng.chance(0.6) ? rng.pick(drawable).name.replace(/-/g, ' ') : rng.pick(SEARCH_EXTRAS);
      searches.push(csvLine([user.id, query, iso(ctx.anchor - rng.int(0, 120) * DAY_MS - rng.int(0, 86_399) * 1000)]));
    }
  }

  await copyAll(ctx, 'tag_ratings', ['user_id', 'tag_id', 'rating', 'created_at', 'updated_at'], ratings);
  await copyAll(ctx, 'user_favorite_tags', ['user_id', 'tag_id', 'created_at'], favourites);
  await copyAll(ctx, 'user_interactions', ['user_id', 'content_item_id', 'content_source_type', 'interaction_type', 'rating', 'duration', 'created_at', 'interaction_metadata'], interactions);
  await copyAll(ctx, 'recommendations', ['user_id', 'content_item_id', 'content_source_type', 'recommendation_score', 'algorithm_version', 'created_at', 'is_served', 'served_at', 'rec_metadata'], recs);
  await copyAll(ctx, 'bookmark_categories', ['id', 'user_id', 'name', 'description', 'color', 'icon', 'parent_id', 'sort_index', 'is_public', 'share_token', 'created_at', 'updated_at'], categories);
  await copyAll(ctx, 'bookmarks', ['id', 'user_id', 'content_id', 'content_source_type', 'note', 'pinned', 'is_public', 'created_at', 'updated_at'], bookmarks);
  await copyAll(ctx, 'bookmark_category_members', ['bookmark_id', 'category_id', 'user_id', 'position', 'added_at'], members);
  await copyAll(ctx, 'user_search_history', ['user_id', 'search_query', 'created_at'], searches);
}

// ---------------------------------------------------------------------------------------------

const SYNC_TRIGGERS = ['content_tags_sync_insert'];

/** Waits for a background index rebuild (if any), then switches the tag_ids sync back on. */
async function finishContentRebuild(db: Database, rebuilding: Promise<void> | null): Promise<void> {
  try {
    if (rebuilding) await rebuilding;
  } finally {
    await db.exec(SYNC_TRIGGERS.map((t) => `ALTER TABLE content_tags ENABLE TRIGGER ${t};`).join('\n'));
  }
}

export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedReport> {
  const log = options.log ?? (() => undefined);
  if (await isSeeded(db)) {
    log('seed: the database already holds demo data; nothing to do');
    return { rows: await countRows(db) };
  }
  if (!Number.isInteger(options.items) || options.items < 0) throw new Error(`items must be a non-negative integer, got ${options.items}`);
  const started = Date.now();
  const anchorSpec = parseSeedAnchor(options.anchor ?? '');
  const ctx: Context = {
    db,
    options,
    ontology: loadOntology(),
    anchor: resolveSeedAnchor(anchorSpec, options.randomSeed, options.now ?? Date.now()),
    log,
    users: makeUsers(options.items, options.randomSeed, options.adminUserId),
  };
  const anchorLabel = anchorSpec.kind === 'fixed' ? 'fixed by the seed' : anchorSpec.kind === 'now' ? 'today' : 'given';
  log(
    `seed: ${options.items.toLocaleString('en-US')} items, ${ctx.users.length} users, ${ctx.ontology.tags.length} tags, random seed ${options.randomSeed}, ` +
      `data up to ${iso(ctx.anchor)} (${anchorLabel})`,
  );
  await seedUsers(ctx);
  await seedOntologyAndModels(ctx);

  // The seed writes content_items_all.tag_ids itself, so the per-statement sync is switched off
  // while it loads links (it would recompute the same arrays).
  const bulk = db.kind === 'pg' && options.items >= BULK_REBUILD_THRESHOLD;
  let droppedContent: DroppedDefinitions | null = null;
  let droppedActivity: DroppedDefinitions | null = null;
  let rebuildingContent: Promise<void> | null = null;
  const logStep = (sql: string, ms: number) => log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${sql.slice(0, 110)}`);
  // Readers of a table wait (ACCESS EXCLUSIVE) while its primary key is re-added, not while indexes build.
  let keysRestored: () => void = () => undefined;
  const contentKeys = new Promise<void>((resolve) => (keysRestored = resolve));
  const rebuild = async (label: string, dropped: DroppedDefinitions, onKeys?: () => void) => {
    const t0 = Date.now();
    log(`bulk load: rebuilding ${label} indexes and keys…`);
    await restoreAfterBulkLoad(db, dropped, 2, logStep, onKeys);
    log(`bulk load: ${label} rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  await db.exec(SYNC_TRIGGERS.map((t) => `ALTER TABLE content_tags DISABLE TRIGGER ${t};`).join('\n'));
  let content: { index: ContentIndex; images: Promise<void> };
  let loaded = false;
  try {
    if (bulk) {
      droppedContent = await dropForBulkLoad(db, [
        { table: 'content_items_all', dropPrimaryKey: false },
        { table: 'content_tags', dropPrimaryKey: true },
      ]);
      droppedActivity = await dropForBulkLoad(db, [
        { table: 'generation_jobs', dropPrimaryKey: false },
        { table: 'user_notifications', dropPrimaryKey: false },
        { table: 'user_interactions', dropPrimaryKey: false },
      ]);
      const n = (d: DroppedDefinitions) => d.indexes.length + d.primaryKeys.length + d.foreignKeys.length;
      log(`bulk load: ${n(droppedContent) + n(droppedActivity)} indexes, keys and foreign keys off until the rows are in`);
    }
    content = await seedContent(ctx, bulk);
    if (droppedContent) {
      // Content indexes build on their own connections while the activity rows load (their
      // foreign-key checks take only row-share locks, which index builds allow).
      const dropped = droppedContent;
      droppedContent = null;
      rebuildingContent = rebuild('content', dropped, keysRestored);
      rebuildingContent.catch(() => undefined);
    }
    const t1 = Date.now();
    await seedJobsAndNotifications(ctx, content.index);
    await seedGenerationMetrics(ctx);
    await seedActivity(ctx, content.index);
    log(`activity: jobs, notifications, ratings, interactions, bookmarks, searches in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    const t3 = Date.now();
    await seedRouteAnalytics(ctx);
    log(`route analytics in ${((Date.now() - t3) / 1000).toFixed(1)} s`);
    loaded = true;
  } finally {
    if (droppedContent) await rebuild('content', droppedContent);
    if (droppedActivity) await rebuild('activity', droppedActivity);
    if (!loaded) await finishContentRebuild(db, rebuildingContent);
  }

  const t2 = Date.now();
  let stats: Awaited<ReturnType<typeof refreshStatistics>>;
  try {
    // Read-only on content, so it runs while the content indexes may still be building.
    if (rebuildingContent) await Promise.race([contentKeys, rebuildingContent]);
    stats = await refreshStatistics(db);
  } finally {
    await finishContentRebuild(db, rebuildingContent);
  }
  await content.images;
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL statement_timeout = 0');
    await tx.exec('ANALYZE');
  });
  log(`statistics: ${stats.tagCardinalityRows} tag cardinality rows, ${stats.genSourceRows} source rows, analyze; ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  const rows = await countRows(db);
  log(`seed: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { rows };
}
