/**
 * The node classes the mock knows, described the way ComfyUI's `/object_info` describes them, and
 * the validation ComfyUI applies to an API-format prompt before queueing it.
 */

export type InputSpec = [string | string[], Record<string, unknown>?];

export interface NodeDef {
  input: { required: Record<string, InputSpec>; optional?: Record<string, InputSpec>; hidden?: Record<string, string> };
  input_order: { required: string[]; optional?: string[] };
  output: string[];
  output_is_list: boolean[];
  output_name: string[];
  name: string;
  display_name: string;
  description: string;
  python_module: string;
  category: string;
  output_node: boolean;
}

export const SAMPLERS = [
  'euler',
  'euler_cfg_pp',
  'euler_ancestral',
  'heun',
  'dpm_2',
  'dpm_2_ancestral',
  'lms',
  'dpm_fast',
  'dpm_adaptive',
  'dpmpp_2s_ancestral',
  'dpmpp_sde',
  'dpmpp_2m',
  'dpmpp_2m_sde',
  'dpmpp_3m_sde',
  'ddpm',
  'lcm',
  'ddim',
  'uni_pc',
  'uni_pc_bh2',
];

export const SCHEDULERS = ['normal', 'karras', 'exponential', 'sgm_uniform', 'simple', 'ddim_uniform', 'beta', 'linear_quadratic', 'kl_optimal'];

/** Largest latent side the mock accepts (ComfyUI allows 16384; the mock renders on the CPU). */
export const MAX_SIDE = 4096;
export const MAX_BATCH = 64;

function def(
  name: string,
  display: string,
  category: string,
  required: Record<string, InputSpec>,
  outputs: string[],
  extra: Partial<NodeDef> = {},
): NodeDef {
  return {
    input: { required },
    input_order: { required: Object.keys(required) },
    output: outputs,
    output_is_list: outputs.map(() => false),
    output_name: outputs,
    name,
    display_name: display,
    description: '',
    python_module: 'nodes',
    category,
    output_node: false,
    ...extra,
  };
}

/** Node definitions for the given model lists (object_info shape). */
export function nodeDefinitions(checkpoints: string[], loras: string[]): Record<string, NodeDef> {
  const seedMax = 2 ** 64 - 1; // ComfyUI: 0xffffffffffffffff (a double cannot hold it exactly)
  const ksamplerInputs: Record<string, InputSpec> = {
    model: ['MODEL'],
    seed: ['INT', { default: 0, min: 0, max: seedMax, control_after_generate: true }],
    steps: ['INT', { default: 20, min: 1, max: 10000 }],
    cfg: ['FLOAT', { default: 8.0, min: 0.0, max: 100.0, step: 0.1, round: 0.01 }],
    sampler_name: [SAMPLERS],
    scheduler: [SCHEDULERS],
    positive: ['CONDITIONING'],
    negative: ['CONDITIONING'],
    latent_image: ['LATENT'],
    denoise: ['FLOAT', { default: 1.0, min: 0.0, max: 1.0, step: 0.01 }],
  };
  const defs: NodeDef[] = [
    def('CheckpointLoaderSimple', 'Load Checkpoint', 'loaders', { ckpt_name: [checkpoints, {}] }, ['MODEL', 'CLIP', 'VAE']),
    def(
      'LoraLoader',
      'Load LoRA',
      'loaders',
      {
        model: ['MODEL'],
        clip: ['CLIP'],
        lora_name: [loras, {}],
        strength_model: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
        strength_clip: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
      },
      ['MODEL', 'CLIP'],
    ),
    def(
      'LoraLoaderModelOnly',
      'LoraLoaderModelOnly',
      'loaders',
      { model: ['MODEL'], lora_name: [loras, {}], strength_model: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }] },
      ['MODEL'],
    ),
    def('CLIPTextEncode', 'CLIP Text Encode (Prompt)', 'conditioning', { text: ['STRING', { multiline: true, dynamicPrompts: true }], clip: ['CLIP'] }, [
      'CONDITIONING',
    ]),
    def(
      'EmptyLatentImage',
      'Empty Latent Image',
      'latent',
      {
        width: ['INT', { default: 512, min: 16, max: MAX_SIDE, step: 8 }],
        height: ['INT', { default: 512, min: 16, max: MAX_SIDE, step: 8 }],
        batch_size: ['INT', { default: 1, min: 1, max: MAX_BATCH }],
      },
      ['LATENT'],
    ),
    def('KSampler', 'KSampler', 'sampling', ksamplerInputs, ['LATENT']),
    def('VAEDecode', 'VAE Decode', 'latent', { samples: ['LATENT'], vae: ['VAE'] }, ['IMAGE']),
    def('SaveImage', 'Save Image', 'image', { images: ['IMAGE'], filename_prefix: ['STRING', { default: 'ComfyUI' }] }, [], {
      output_node: true,
      description: 'Saves the input images to your ComfyUI output directory.',
    }),
  ];
  const out: Record<string, NodeDef> = {};
  for (const d of defs) {
    if (d.name === 'SaveImage') d.input.hidden = { prompt: 'PROMPT', extra_pnginfo: 'EXTRA_PNGINFO' };
    out[d.name] = d;
  }
  return out;
}

export interface PromptNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}
export type PromptGraph = Record<string, PromptNode>;

export interface ComfyErrorItem {
  type: string;
  message: string;
  details: string;
  extra_info: Record<string, unknown>;
}

export interface NodeErrors {
  [nodeId: string]: { errors: ComfyErrorItem[]; dependent_outputs: string[]; class_type: string };
}

export type ValidationResult =
  | { ok: true; graph: PromptGraph; outputs: string[]; nodeErrors: NodeErrors }
  | { ok: false; status: number; body: { error: ComfyErrorItem; node_errors: NodeErrors | [] } };

function err(type: string, message: string, details = '', extra: Record<string, unknown> = {}): ComfyErrorItem {
  return { type, message, details, extra_info: extra };
}

export function isLink(v: unknown): v is [string, number] {
  return Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isInteger(v[1]);
}

/**
 * Validate an API-format prompt the way ComfyUI does: every node must name a known class, there
 * must be at least one output node, and each output's dependency tree must have every required
 * input, correct link types, and values in range / in the choice lists. Outputs whose tree has an
 * error are dropped; if none is left the prompt is refused (400).
 */
export function validatePrompt(raw: unknown, defs: Record<string, NodeDef>, options: { acceptAnyModel?: boolean } = {}): ValidationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, status: 400, body: { error: err('no_prompt', 'No prompt provided', 'No prompt provided'), node_errors: [] } };
  }
  const graph = raw as Record<string, unknown>;
  for (const [id, node] of Object.entries(graph)) {
    if (node === null || typeof node !== 'object' || !('class_type' in node)) {
      return {
        ok: false,
        status: 400,
        body: {
          error: err('invalid_prompt', 'Cannot execute because a node is missing the class_type property.', `Node ID '#${id}'`),
          node_errors: [],
        },
      };
    }
    const ct = (node as { class_type: unknown }).class_type;
    if (typeof ct !== 'string' || !(ct in defs)) {
      return {
        ok: false,
        status: 400,
        body: {
          error: err('invalid_prompt', `Cannot execute because node ${String(ct)} does not exist.`, `Node ID '#${id}'`),
          node_errors: [],
        },
      };
    }
    const inputs = (node as { inputs?: unknown }).inputs;
    if (inputs !== undefined && (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))) {
      return {
        ok: false,
        status: 400,
        body: { error: err('invalid_prompt', 'Node inputs must be an object.', `Node ID '#${id}'`), node_errors: [] },
      };
    }
  }
  const nodes: PromptGraph = {};
  for (const [id, node] of Object.entries(graph)) {
    const n = node as PromptNode;
    nodes[id] = { ...n, inputs: n.inputs ?? {} };
  }

  const outputIds = Object.keys(nodes).filter((id) => defs[nodes[id].class_type].output_node);
  if (outputIds.length === 0) {
    return { ok: false, status: 400, body: { error: err('prompt_no_outputs', 'Prompt has no outputs'), node_errors: [] } };
  }

  const nodeErrors: NodeErrors = {};
  const checked = new Map<string, boolean>();

  const validateNode = (id: string, output: string, stack: Set<string>): boolean => {
    const cached = checked.get(id);
    if (cached !== undefined) {
      if (!cached && nodeErrors[id] && !nodeErrors[id].dependent_outputs.includes(output)) nodeErrors[id].dependent_outputs.push(output);
      return cached;
    }
    if (stack.has(id)) {
      addError(id, err('dependency_cycle_detected', 'Dependency cycle detected', `Node ${id} depends on itself`), output);
      return false;
    }
    stack.add(id);
    const node = nodes[id];
    const d = defs[node.class_type];
    const errors: ComfyErrorItem[] = [];
    let ok = true;
    const specs = { ...d.input.required, ...(d.input.optional ?? {}) };
    for (const [name, spec] of Object.entries(specs)) {
      const value = node.inputs[name];
      const required = name in d.input.required;
      if (value === undefined) {
        if (required) errors.push(err('required_input_missing', 'Required input is missing', name, { input_name: name }));
        continue;
      }
      const [type, opts = {}] = spec;
      if (isLink(value)) {
        const src = String(value[0]);
        const srcNode = nodes[src];
        if (!srcNode) {
          errors.push(err('bad_linked_input', 'Bad linked input, node does not exist', `${name}: node ${src} not found`, { input_name: name }));
          continue;
        }
        const srcType = defs[srcNode.class_type].output[value[1]];
        const expected = Array.isArray(type) ? 'COMBO' : type;
        if (srcType === undefined || (srcType !== expected && expected !== '*')) {
          errors.push(
            err('return_type_mismatch', 'Return type mismatch between linked nodes', `${name}, received_type(${srcType ?? 'none'}) mismatch input_type(${expected})`, {
              input_name: name,
              received_type: srcType ?? null,
            }),
          );
          continue;
        }
        if (!validateNode(src, output, stack)) ok = false;
        continue;
      }
      if (Array.isArray(type)) {
        const anyModel = options.acceptAnyModel && (name === 'ckpt_name' || name === 'lora_name') && typeof value === 'string' && value !== '';
        if (!anyModel && !type.includes(value as string)) {
          const shown = type.length > 20 ? `(list of length ${type.length})` : JSON.stringify(type);
          errors.push(
            err('value_not_in_list', 'Value not in list', `${name}: '${String(value)}' not in ${shown}`, {
              input_name: name,
              input_config: spec,
              received_value: value,
            }),
          );
        }
        continue;
      }
      if (type === 'INT' || type === 'FLOAT') {
        const num = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (!Number.isFinite(num) || (type === 'INT' && !Number.isInteger(num))) {
          errors.push(
            err('invalid_input_type', `Failed to convert an input value to a ${type} value`, `${name}, ${String(value)}`, {
              input_name: name,
              received_value: value,
            }),
          );
          continue;
        }
        const min = opts.min as number | undefined;
        const max = opts.max as number | undefined;
        if (min !== undefined && num < min) {
          errors.push(err('value_smaller_than_min', `Value ${num} smaller than min of ${min}`, `${name}`, { input_name: name, received_value: value }));
        } else if (max !== undefined && num > max) {
          errors.push(err('value_bigger_than_max', `Value ${num} bigger than max of ${max}`, `${name}`, { input_name: name, received_value: value }));
        }
        continue;
      }
      if (type === 'STRING') {
        if (typeof value !== 'string' && typeof value !== 'number') {
          errors.push(
            err('invalid_input_type', 'Failed to convert an input value to a STRING value', `${name}, ${String(value)}`, {
              input_name: name,
              received_value: value,
            }),
          );
        }
        continue;
      }
      // A typed socket (MODEL, CLIP, ...) given a literal value.
      errors.push(err('bad_linked_input', 'Bad linked input, must be a length-2 list of [node_id, slot_index]', name, { input_name: name, received_value: value }));
    }
    stack.delete(id);
    for (const e of errors) addError(id, e, output);
    const valid = ok && errors.length === 0;
    checked.set(id, valid);
    return valid;
  };

  function addError(id: string, e: ComfyErrorItem, output: string): void {
    const entry = (nodeErrors[id] ??= { errors: [], dependent_outputs: [], class_type: nodes[id].class_type });
    entry.errors.push(e);
    if (!entry.dependent_outputs.includes(output)) entry.dependent_outputs.push(output);
  }

  const good: string[] = [];
  for (const out of outputIds) {
    if (validateNode(out, out, new Set())) good.push(out);
  }
  if (good.length === 0) {
    return {
      ok: false,
      status: 400,
      body: { error: err('prompt_outputs_failed_validation', 'Prompt outputs failed validation'), node_errors: nodeErrors },
    };
  }
  return { ok: true, graph: nodes, outputs: good, nodeErrors };
}

/** Nodes an output depends on, in an order where every node comes after its inputs. */
export function executionOrder(graph: PromptGraph, outputs: string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id) || !graph[id]) return;
    seen.add(id);
    for (const v of Object.values(graph[id].inputs)) if (isLink(v)) visit(String(v[0]));
    order.push(id);
  };
  for (const o of outputs) visit(o);
  return order;
}
