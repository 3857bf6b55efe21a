/**
 * A small builder for the standard text-to-image graph (checkpoint → LoRAs → prompts → latent →
 * KSampler → VAEDecode → SaveImage), in ComfyUI's API format. Handy for tests and demos; the
 * API server has its own builder.
 */
import type { PromptGraph } from './nodes.ts';

export interface TextToImageParams {
  prompt: string;
  negativePrompt?: string;
  checkpoint?: string;
  loras?: { name: string; strengthModel?: number; strengthClip?: number }[];
  width?: number;
  height?: number;
  batchSize?: number;
  seed?: number;
  steps?: number;
  cfg?: number;
  samplerName?: string;
  scheduler?: string;
  denoise?: number;
  filenamePrefix?: string;
}

export function buildTextToImageWorkflow(p: TextToImageParams): PromptGraph {
  const g: PromptGraph = {};
  let n = 0;
  const add = (class_type: string, inputs: Record<string, unknown>): string => {
    const id = String(++n);
    g[id] = { class_type, inputs };
    return id;
  };
  const ckpt = add('CheckpointLoaderSimple', { ckpt_name: p.checkpoint ?? 'base_model.safetensors' });
  let model: [string, number] = [ckpt, 0];
  let clip: [string, number] = [ckpt, 1];
  for (const l of p.loras ?? []) {
    const id = add('LoraLoader', {
      model,
      clip,
      lora_name: l.name,
      strength_model: l.strengthModel ?? 0.8,
      strength_clip: l.strengthClip ?? 0.8,
    });
    model = [id, 0];
    clip = [id, 1];
  }
  const pos = add('CLIPTextEncode', { clip, text: p.prompt });
  const neg = add('CLIPTextEncode', { clip, text: p.negativePrompt ?? '' });
  const latent = add('EmptyLatentImage', { width: p.width ?? 512, height: p.height ?? 512, batch_size: p.batchSize ?? 1 });
  const sampler = add('KSampler', {
    seed: p.seed ?? 123456,
    steps: p.steps ?? 20,
    cfg: p.cfg ?? 7,
    sampler_name: p.samplerName ?? 'euler',
    scheduler: p.scheduler ?? 'normal',
    denoise: p.denoise ?? 1,
    model,
    positive: [pos, 0],
    negative: [neg, 0],
    latent_image: [latent, 0],
  });
  const decode = add('VAEDecode', { samples: [sampler, 0], vae: [ckpt, 2] });
  add('SaveImage', { images: [decode, 0], filename_prefix: p.filenamePrefix ?? 'ComfyUI' });
  return g;
}
