import { describe, expect, it } from 'vitest';
import { validatePrompt, nodeDefinitions, DEFAULT_CHECKPOINTS, DEFAULT_LORAS } from '@genonaut/comfyui-mock';
import { buildWorkflow, samplerFromParams, WorkflowValidationError, type GenerationRequest } from '../../../src/comfyui/workflow-builder.ts';

const sampler = { seed: 7, steps: 20, cfg: 6, sampler_name: 'euler', scheduler: 'normal', denoise: 1 };
const base: GenerationRequest = {
  prompt: 'a lighthouse at dusk',
  negativePrompt: 'blurry',
  checkpoint: 'sd_xl_base_1.0.safetensors',
  width: 832,
  height: 1216,
  batchSize: 2,
  sampler,
  filenamePrefix: 'gen_job_12',
};

describe('workflow builder', () => {
  it('emits the 7-node text-to-image graph with ids 1..7 and correct links when there are no LoRAs', () => {
    const wf = buildWorkflow(base);
    expect(Object.keys(wf)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(wf['1']).toEqual({ class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' } });
    expect(wf['2']).toEqual({ class_type: 'CLIPTextEncode', inputs: { clip: ['1', 1], text: 'a lighthouse at dusk' } });
    expect(wf['3']).toEqual({ class_type: 'CLIPTextEncode', inputs: { clip: ['1', 1], text: 'blurry' } });
    expect(wf['4']).toEqual({ class_type: 'EmptyLatentImage', inputs: { width: 832, height: 1216, batch_size: 2 } });
    expect(wf['5']).toEqual({
      class_type: 'KSampler',
      inputs: { ...sampler, model: ['1', 0], positive: ['2', 0], negative: ['3', 0], latent_image: ['4', 0] },
    });
    expect(wf['6']).toEqual({ class_type: 'VAEDecode', inputs: { samples: ['5', 0], vae: ['1', 2] } });
    expect(wf['7']).toEqual({ class_type: 'SaveImage', inputs: { images: ['6', 0], filename_prefix: 'gen_job_12' } });
    expect(wf['8']).toBeUndefined();
  });

  it('chains LoRAs: each takes the previous model and clip, the encoders and sampler use the last one', () => {
    const wf = buildWorkflow({
      ...base,
      loras: [{ name: 'add_detail.safetensors', strength_model: 0.6, strength_clip: 0.4 }, { name: 'watercolor_style.safetensors' }],
    });
    expect(wf['2']).toEqual({
      class_type: 'LoraLoader',
      inputs: { model: ['1', 0], clip: ['1', 1], lora_name: 'add_detail.safetensors', strength_model: 0.6, strength_clip: 0.4 },
    });
    expect(wf['3']).toEqual({
      class_type: 'LoraLoader',
      inputs: { model: ['2', 0], clip: ['2', 1], lora_name: 'watercolor_style.safetensors', strength_model: 0.8, strength_clip: 0.8 },
    });
    expect(wf['4']?.inputs.clip).toEqual(['3', 1]);
    expect(wf['5']?.inputs.clip).toEqual(['3', 1]);
    expect(wf['7']?.inputs.model).toEqual(['3', 0]);
    expect(wf['8']?.inputs.vae).toEqual(['1', 2]);
    expect(wf['9']?.class_type).toBe('SaveImage');
  });

  it('produces graphs the ComfyUI-compatible mock validates without errors', () => {
    const wf = buildWorkflow({ ...base, loras: [{ name: DEFAULT_LORAS[0] as string }], checkpoint: DEFAULT_CHECKPOINTS[0] });
    const result = validatePrompt(wf, nodeDefinitions([...DEFAULT_CHECKPOINTS], [...DEFAULT_LORAS]));
    expect(result).toMatchObject({ ok: true });
  });

  it.each([
    ['blank prompt', { prompt: '   ' }, /prompt must not be empty/],
    ['missing checkpoint', { checkpoint: null }, /checkpoint model is required/],
    ['width too small', { width: 32 }, /width/],
    ['height not an integer', { height: 512.5 }, /height/],
    ['batch too large', { batchSize: 9 }, /batch size/],
    ['steps 0', { sampler: { ...sampler, steps: 0 } }, /steps/],
    ['cfg too high', { sampler: { ...sampler, cfg: 31 } }, /cfg/],
    ['denoise above 1', { sampler: { ...sampler, denoise: 1.5 } }, /denoise/],
    ['lora strength out of range', { loras: [{ name: 'x', strength_model: 4 }] }, /strength_model/],
    ['lora without name', { loras: [{ name: '' }] }, /LoRA needs a name/],
    ['path escape in prefix', { filenamePrefix: '../x' }, /prefix/],
  ])('rejects %s before anything is sent', (_label, patch, message) => {
    expect(() => buildWorkflow({ ...base, ...(patch as Partial<GenerationRequest>) })).toThrow(WorkflowValidationError);
    expect(() => buildWorkflow({ ...base, ...(patch as Partial<GenerationRequest>) })).toThrow(message);
  });

  it('fills sampler defaults and draws a fresh seed when none is given (services §10.7)', () => {
    const a = samplerFromParams({});
    const b = samplerFromParams({});
    expect(a).toMatchObject({ steps: 28, cfg: 5.5, sampler_name: 'euler', scheduler: 'normal', denoise: 1 });
    expect(Number.isInteger(a.seed)).toBe(true);
    expect(a.seed === b.seed && samplerFromParams({}).seed === a.seed).toBe(false);
    expect(samplerFromParams({ seed: '42', steps: 10, sampler_name: 'dpmpp_2m' })).toMatchObject({ seed: 42, steps: 10, sampler_name: 'dpmpp_2m' });
  });
});
