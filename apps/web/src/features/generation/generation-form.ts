/** The generation form's values, defaults, validation and the request body built from them. */
export interface LoraChoice {
  name: string;
  label: string;
  strength_model: number;
  strength_clip: number;
  trigger_words: string[];
}

export interface GenerationForm {
  prompt: string;
  negative_prompt: string;
  checkpoint: string;
  loras: LoraChoice[];
  width: number;
  height: number;
  batch_size: number;
  seed: number;
  steps: number;
  cfg: number;
  denoise: number;
  sampler: string;
  scheduler: string;
}

export const SAMPLERS = [
  ['euler_ancestral', 'Euler Ancestral'],
  ['euler', 'Euler'],
  ['dpmpp_2m', 'DPM++ 2M'],
  ['dpmpp_sde', 'DPM++ SDE'],
  ['ddim', 'DDIM'],
] as const;
export const SCHEDULERS = [
  ['normal', 'Normal'],
  ['karras', 'Karras'],
  ['exponential', 'Exponential'],
  ['sgm_uniform', 'SGM Uniform'],
] as const;
export const SIZE_PRESETS = [
  { label: 'Portrait 2:3', width: 512, height: 768 },
  { label: 'Square', width: 768, height: 768 },
  { label: 'Landscape 3:2', width: 768, height: 512 },
  { label: 'SDXL portrait', width: 832, height: 1216 },
  { label: 'SDXL square', width: 1024, height: 1024 },
  { label: 'SDXL landscape', width: 1216, height: 832 },
] as const;

export const DEFAULT_FORM: GenerationForm = {
  prompt: '',
  negative_prompt: '',
  checkpoint: '',
  loras: [],
  width: 512,
  height: 768,
  batch_size: 1,
  seed: -1,
  steps: 20,
  cfg: 7,
  denoise: 1,
  sampler: 'euler_ancestral',
  scheduler: 'normal',
};

export type FormErrors = Partial<Record<keyof GenerationForm, string>>;

function dimensionError(v: number, name: string): string | undefined {
  if (!Number.isInteger(v) || v < 64 || v > 2048) return `${name} must be between 64 and 2048`;
  if (v % 64 !== 0) return `${name} must be a multiple of 64`;
  return undefined;
}

export function validateForm(f: GenerationForm): FormErrors {
  const e: FormErrors = {};
  if (!f.prompt.trim()) e.prompt = 'Prompt cannot be empty';
  else if (f.prompt.length > 10000) e.prompt = 'Prompt is longer than 10,000 characters';
  if (!f.checkpoint) e.checkpoint = 'Choose a checkpoint model';
  const w = dimensionError(f.width, 'Width');
  if (w) e.width = w;
  const h = dimensionError(f.height, 'Height');
  if (h) e.height = h;
  if (!Number.isInteger(f.batch_size) || f.batch_size < 1 || f.batch_size > 8) e.batch_size = 'Batch size must be 1 to 8';
  if (!Number.isInteger(f.steps) || f.steps < 1 || f.steps > 150) e.steps = 'Steps must be 1 to 150';
  if (!(f.cfg >= 1 && f.cfg <= 20)) e.cfg = 'CFG must be 1 to 20';
  if (!Number.isInteger(f.seed) || f.seed < -1) e.seed = 'Seed must be -1 (random) or a whole number';
  return e;
}

export function buildJobBody(f: GenerationForm, backend: string, random: () => number = Math.random) {
  // Random seeds stay within a signed 32-bit integer, which every backend accepts.
  const seed = f.seed >= 0 ? f.seed : Math.floor(random() * 2 ** 31);
  return {
    job_type: 'image',
    prompt: f.prompt.trim(),
    negative_prompt: f.negative_prompt.trim() || null,
    checkpoint_model: f.checkpoint,
    lora_models: f.loras.map((l) => ({ name: l.name, strength_model: l.strength_model, strength_clip: l.strength_clip })),
    width: f.width,
    height: f.height,
    batch_size: f.batch_size,
    sampler_params: { seed, steps: f.steps, cfg: f.cfg, sampler_name: f.sampler, scheduler: f.scheduler, denoise: f.denoise },
    backend,
  };
}
