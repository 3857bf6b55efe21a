import { stableUuid } from './prng.ts';

/** The demo model catalogue: fictional checkpoints and LoRAs with plausible settings. */

export type Architecture = 'sd15' | 'sdxl' | 'flux';

export interface SeedCheckpoint {
  id: string;
  name: string;
  filename: string;
  path: string;
  version: string;
  architecture: Architecture;
  family: string;
  description: string;
  rating: number;
  tags: string[];
  /** Relative popularity in generated content. */
  weight: number;
  /** CFG range the model likes. */
  cfg: [number, number];
}

export interface SeedLora {
  id: string;
  name: string;
  filename: string;
  path: string;
  version: string;
  compatibleArchitectures: Architecture[];
  family: string;
  description: string;
  rating: number;
  tags: string[];
  triggerWords: string[];
  optimalCheckpoints: string[];
  recommendedWeight: number;
  /** Ontology tags whose prompts tend to use this LoRA. */
  affinity: string[];
}

type CheckpointSpec = Omit<SeedCheckpoint, 'id' | 'filename' | 'path'>;
type LoraSpec = Omit<SeedLora, 'id' | 'filename' | 'path'>;

const CHECKPOINTS: CheckpointSpec[] = [
  { name: 'lumen_xl_base_v2', version: '2.0', architecture: 'sdxl', family: 'lumen', description: 'General-purpose SDXL base, balanced colour and detail.', rating: 0.86, tags: ['general', 'photoreal'], weight: 30, cfg: [5, 8] },
  { name: 'inkwell_anime_xl', version: '1.4', architecture: 'sdxl', family: 'inkwell', description: 'Anime and cel-shaded illustration on SDXL.', rating: 0.82, tags: ['anime', 'illustration'], weight: 18, cfg: [5, 7.5] },
  { name: 'verite_photo_v6', version: '6.0', architecture: 'sd15', family: 'verite', description: 'SD 1.5 fine-tune for photographic portraits and street scenes.', rating: 0.78, tags: ['photoreal', 'portrait'], weight: 14, cfg: [4.5, 7] },
  { name: 'dreamloom_v8', version: '8.0', architecture: 'sd15', family: 'dreamloom', description: 'Painterly fantasy SD 1.5 model.', rating: 0.8, tags: ['fantasy', 'painterly'], weight: 12, cfg: [6, 9] },
  { name: 'sd15_pruned_emaonly', version: '1.5', architecture: 'sd15', family: 'stable-diffusion', description: 'The plain SD 1.5 base weights.', rating: 0.6, tags: ['base'], weight: 6, cfg: [7, 9] },
  { name: 'aurora_flux_dev', version: '1.0', architecture: 'flux', family: 'aurora', description: 'Flux-based model with strong prompt following and text rendering.', rating: 0.9, tags: ['general', 'typography'], weight: 10, cfg: [2.5, 4] },
  { name: 'blocky_voxel_xl', version: '0.9', architecture: 'sdxl', family: 'blocky', description: 'Isometric, voxel and low-poly renders.', rating: 0.7, tags: ['3d', 'isometric'], weight: 4, cfg: [5, 7] },
  { name: 'gallery_oil_xl', version: '1.1', architecture: 'sdxl', family: 'gallery', description: 'Traditional media: oil, gouache and watercolour textures.', rating: 0.84, tags: ['painterly', 'traditional'], weight: 6, cfg: [5.5, 8] },
];

const LORAS: LoraSpec[] = [
  { name: 'detail_tweaker', version: '1.0', compatibleArchitectures: ['sd15', 'sdxl'], family: 'utility', description: 'Adds or removes fine detail.', rating: 0.88, tags: ['detail'], triggerWords: [], optimalCheckpoints: ['lumen_xl_base_v2', 'verite_photo_v6'], recommendedWeight: 0.6, affinity: [] },
  { name: 'cinematic_glow', version: '2.1', compatibleArchitectures: ['sdxl'], family: 'lighting', description: 'Film-like contrast and glow.', rating: 0.8, tags: ['lighting', 'cinematic'], triggerWords: ['cinematic still'], optimalCheckpoints: ['lumen_xl_base_v2'], recommendedWeight: 0.7, affinity: ['volumetric-light', 'rim-light', 'film-noir', 'chiaroscuro'] },
  { name: 'watercolor_wash', version: '1.2', compatibleArchitectures: ['sd15', 'sdxl'], family: 'medium', description: 'Soft wet-on-wet watercolour.', rating: 0.83, tags: ['watercolor'], triggerWords: ['wtrclr'], optimalCheckpoints: ['gallery_oil_xl', 'dreamloom_v8'], recommendedWeight: 0.8, affinity: ['watercolor', 'sumi-e', 'pastel'] },
  { name: 'neon_nights', version: '1.0', compatibleArchitectures: ['sdxl', 'flux'], family: 'style', description: 'Rain, reflections and neon signage.', rating: 0.79, tags: ['cyberpunk', 'neon'], triggerWords: ['neonnights'], optimalCheckpoints: ['lumen_xl_base_v2', 'aurora_flux_dev'], recommendedWeight: 0.75, affinity: ['neon', 'cyberpunk', 'megacity', 'city-street'] },
  { name: 'ghibli_meadow', version: '3.0', compatibleArchitectures: ['sd15', 'sdxl'], family: 'style', description: 'Pastoral hand-painted animation backgrounds.', rating: 0.85, tags: ['anime', 'landscape'], triggerWords: ['meadowstyle'], optimalCheckpoints: ['inkwell_anime_xl'], recommendedWeight: 0.7, affinity: ['anime', 'meadow', 'cottage', 'whimsical'] },
  { name: 'ink_linework', version: '1.3', compatibleArchitectures: ['sd15', 'sdxl'], family: 'medium', description: 'Crisp pen-and-ink lines and hatching.', rating: 0.77, tags: ['ink', 'lineart'], triggerWords: ['inklines'], optimalCheckpoints: ['inkwell_anime_xl'], recommendedWeight: 0.65, affinity: ['ink', 'comic-book', 'pencil-sketch'] },
  { name: 'portrait_skin_realism', version: '2.0', compatibleArchitectures: ['sd15'], family: 'photo', description: 'Natural skin texture for close portraits.', rating: 0.81, tags: ['portrait', 'photoreal'], triggerWords: [], optimalCheckpoints: ['verite_photo_v6'], recommendedWeight: 0.55, affinity: ['portrait', 'photorealistic', 'close-up'] },
  { name: 'pixel_sprite', version: '1.0', compatibleArchitectures: ['sd15', 'sdxl'], family: 'style', description: 'Clean pixel-art sprites and scenes.', rating: 0.74, tags: ['pixel-art'], triggerWords: ['pixelsprite'], optimalCheckpoints: ['blocky_voxel_xl'], recommendedWeight: 0.9, affinity: ['pixel-art', 'voxel'] },
  { name: 'stained_glass', version: '1.0', compatibleArchitectures: ['sdxl'], family: 'medium', description: 'Leaded glass panels with jewel colours.', rating: 0.72, tags: ['stained-glass'], triggerWords: ['stnglass'], optimalCheckpoints: ['gallery_oil_xl'], recommendedWeight: 0.8, affinity: ['stained-glass', 'cathedral', 'jewel-tones'] },
  { name: 'papercut_layers', version: '1.1', compatibleArchitectures: ['sdxl', 'flux'], family: 'medium', description: 'Layered paper and diorama depth.', rating: 0.76, tags: ['papercraft'], triggerWords: ['papercut'], optimalCheckpoints: ['aurora_flux_dev'], recommendedWeight: 0.7, affinity: ['papercraft', 'collage'] },
  { name: 'golden_hour_light', version: '1.0', compatibleArchitectures: ['sd15', 'sdxl', 'flux'], family: 'lighting', description: 'Warm low-sun lighting.', rating: 0.78, tags: ['lighting'], triggerWords: [], optimalCheckpoints: ['lumen_xl_base_v2'], recommendedWeight: 0.6, affinity: ['golden-hour', 'warm-palette', 'golden'] },
  { name: 'eldritch_horror', version: '0.8', compatibleArchitectures: ['sd15', 'sdxl'], family: 'style', description: 'Tentacles, fog and dread.', rating: 0.69, tags: ['horror'], triggerWords: ['eldritch'], optimalCheckpoints: ['dreamloom_v8'], recommendedWeight: 0.75, affinity: ['horror', 'eerie', 'dark-fantasy'] },
  { name: 'retro_poster', version: '1.0', compatibleArchitectures: ['sdxl', 'flux'], family: 'style', description: 'Mid-century travel poster flat colour.', rating: 0.75, tags: ['poster', 'vector'], triggerWords: ['retroposter'], optimalCheckpoints: ['aurora_flux_dev'], recommendedWeight: 0.7, affinity: ['vector-art', 'art-deco', 'screen-print', 'retro-futurism'] },
  { name: 'clay_diorama', version: '1.0', compatibleArchitectures: ['sdxl'], family: 'style', description: 'Soft clay and tilt-shift miniature looks.', rating: 0.73, tags: ['3d', 'clay'], triggerWords: ['claydio'], optimalCheckpoints: ['blocky_voxel_xl'], recommendedWeight: 0.8, affinity: ['clay-render', 'tilt-shift', 'isometric'] },
];

const CHECKPOINT_NS = 'genonaut-checkpoint';
const LORA_NS = 'genonaut-lora';

export const SEED_CHECKPOINTS: SeedCheckpoint[] = CHECKPOINTS.map((c) => ({
  ...c,
  id: stableUuid(CHECKPOINT_NS, c.name),
  filename: `${c.name}.safetensors`,
  path: `models/checkpoints/${c.name}.safetensors`,
}));

export const SEED_LORAS: SeedLora[] = LORAS.map((l) => ({
  ...l,
  id: stableUuid(LORA_NS, l.name),
  filename: `${l.name}.safetensors`,
  path: `models/loras/${l.name}.safetensors`,
}));

export const SAMPLERS = ['euler_ancestral', 'euler', 'dpmpp_2m', 'dpmpp_2m_sde', 'dpmpp_3m_sde', 'ddim', 'uni_pc'] as const;
export const SCHEDULERS = ['normal', 'karras', 'exponential', 'sgm_uniform'] as const;

/** Native sizes per architecture (width × height). */
export const RESOLUTIONS: Record<Architecture, Array<[number, number]>> = {
  sd15: [
    [512, 512],
    [512, 768],
    [768, 512],
    [640, 896],
  ],
  sdxl: [
    [1024, 1024],
    [832, 1216],
    [1216, 832],
    [896, 1152],
    [1344, 768],
  ],
  flux: [
    [1024, 1024],
    [896, 1152],
    [1152, 896],
    [1536, 640],
  ],
};
