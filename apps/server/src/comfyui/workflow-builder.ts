/**
 * Builds ComfyUI API-format workflows (the `prompt` of `POST /prompt`): a flat object of nodes
 * keyed "1", "2", … in creation order; links are `[sourceNodeId, outputIndex]`.
 *
 *   CheckpointLoaderSimple → LoraLoader × N (chained) → CLIPTextEncode (+/−) → EmptyLatentImage
 *   → KSampler → VAEDecode → SaveImage
 */

export interface LoraSpec {
  name: string;
  strength_model?: number;
  strength_clip?: number;
}

export interface SamplerSettings {
  seed: number;
  steps: number;
  cfg: number;
  sampler_name: string;
  scheduler: string;
  denoise: number;
}

export interface GenerationRequest {
  prompt: string;
  negativePrompt?: string;
  checkpoint: string | null | undefined;
  loras?: LoraSpec[];
  width: number;
  height: number;
  batchSize: number;
  sampler: SamplerSettings;
  filenamePrefix: string;
}

export type WorkflowNode = { class_type: string; inputs: Record<string, unknown> };
export type Workflow = Record<string, WorkflowNode>;

export const DEFAULT_LORA_STRENGTH = 0.8;
export const SAMPLER_DEFAULTS: Omit<SamplerSettings, 'seed'> = {
  steps: 28,
  cfg: 5.5,
  sampler_name: 'euler',
  scheduler: 'normal',
  denoise: 1,
};
/** One limit set for every layer (the original had three disagreeing ones). */
export const LIMITS = {
  size: { min: 64, max: 2048 },
  batch: { min: 1, max: 8 },
  steps: { min: 1, max: 150 },
  cfg: { min: 0, max: 30 },
  loraStrength: { min: -3, max: 3 },
  denoise: { min: 0, max: 1 },
} as const;

/** A request ComfyUI would refuse, found before anything is sent. Never worth retrying. */
export class WorkflowValidationError extends Error {
  override name = 'WorkflowValidationError';
}

function within(value: number, range: { min: number; max: number }): boolean {
  return Number.isFinite(value) && value >= range.min && value <= range.max;
}

export function validateRequest(req: GenerationRequest): void {
  const problems: string[] = [];
  if (!req.prompt || !req.prompt.trim()) problems.push('prompt must not be empty');
  if (!req.checkpoint || !req.checkpoint.trim()) problems.push('a checkpoint model is required');
  if (!Number.isInteger(req.width) || !within(req.width, LIMITS.size)) problems.push(`width must be an integer in ${LIMITS.size.min}..${LIMITS.size.max}`);
  if (!Number.isInteger(req.height) || !within(req.height, LIMITS.size)) problems.push(`height must be an integer in ${LIMITS.size.min}..${LIMITS.size.max}`);
  if (!Number.isInteger(req.batchSize) || !within(req.batchSize, LIMITS.batch)) problems.push(`batch size must be in ${LIMITS.batch.min}..${LIMITS.batch.max}`);
  const s = req.sampler;
  if (!Number.isInteger(s.steps) || !within(s.steps, LIMITS.steps)) problems.push(`steps must be an integer in ${LIMITS.steps.min}..${LIMITS.steps.max}`);
  if (!within(s.cfg, LIMITS.cfg)) problems.push(`cfg must be in ${LIMITS.cfg.min}..${LIMITS.cfg.max}`);
  if (!within(s.denoise, LIMITS.denoise)) problems.push(`denoise must be in ${LIMITS.denoise.min}..${LIMITS.denoise.max}`);
  if (!Number.isInteger(s.seed) || s.seed < 0) problems.push('seed must be a non-negative integer');
  if (!s.sampler_name) problems.push('sampler_name is required');
  if (!s.scheduler) problems.push('scheduler is required');
  for (const lora of req.loras ?? []) {
    if (!lora.name || !lora.name.trim()) problems.push('every LoRA needs a name');
    for (const key of ['strength_model', 'strength_clip'] as const) {
      const v = lora[key];
      if (v !== undefined && !within(v, LIMITS.loraStrength)) problems.push(`LoRA ${lora.name} ${key} must be in ${LIMITS.loraStrength.min}..${LIMITS.loraStrength.max}`);
    }
  }
  if (!req.filenamePrefix || req.filenamePrefix.includes('..')) problems.push('invalid filename prefix');
  if (problems.length) throw new WorkflowValidationError(`Invalid generation request: ${problems.join('; ')}`);
}

/** The text-to-image graph for one request. Throws WorkflowValidationError for a bad request. */
export function buildWorkflow(req: GenerationRequest): Workflow {
  validateRequest(req);
  const nodes: Workflow = {};
  let nextId = 1;
  const add = (class_type: string, inputs: Record<string, unknown>): string => {
    const id = String(nextId++);
    nodes[id] = { class_type, inputs };
    return id;
  };

  const checkpoint = add('CheckpointLoaderSimple', { ckpt_name: req.checkpoint });
  let model: [string, number] = [checkpoint, 0];
  let clip: [string, number] = [checkpoint, 1];
  for (const lora of req.loras ?? []) {
    const id = add('LoraLoader', {
      model,
      clip,
      lora_name: lora.name,
      strength_model: lora.strength_model ?? DEFAULT_LORA_STRENGTH,
      strength_clip: lora.strength_clip ?? DEFAULT_LORA_STRENGTH,
    });
    model = [id, 0];
    clip = [id, 1];
  }
  const positive = add('CLIPTextEncode', { clip, text: req.prompt });
  const negative = add('CLIPTextEncode', { clip, text: req.negativePrompt ?? '' });
  const latent = add('EmptyLatentImage', { width: req.width, height: req.height, batch_size: req.batchSize });
  const sampler = add('KSampler', {
    seed: req.sampler.seed,
    steps: req.sampler.steps,
    cfg: req.sampler.cfg,
    sampler_name: req.sampler.sampler_name,
    scheduler: req.sampler.scheduler,
    denoise: req.sampler.denoise,
    model,
    positive: [positive, 0],
    negative: [negative, 0],
    latent_image: [latent, 0],
  });
  const decode = add('VAEDecode', { samples: [sampler, 0], vae: [checkpoint, 2] });
  add('SaveImage', { images: [decode, 0], filename_prefix: req.filenamePrefix });
  return nodes;
}

/** A random seed in ComfyUI's safe integer range, for requests that name none (§10.7). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/** Reads sampler settings from a loose params object, filling defaults and a fresh seed. */
export function samplerFromParams(raw: unknown): SamplerSettings {
  const p = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  return {
    seed: num(p.seed) ?? randomSeed(),
    steps: num(p.steps) ?? SAMPLER_DEFAULTS.steps,
    cfg: num(p.cfg) ?? SAMPLER_DEFAULTS.cfg,
    sampler_name: str(p.sampler_name) ?? SAMPLER_DEFAULTS.sampler_name,
    scheduler: str(p.scheduler) ?? SAMPLER_DEFAULTS.scheduler,
    denoise: num(p.denoise) ?? SAMPLER_DEFAULTS.denoise,
  };
}
