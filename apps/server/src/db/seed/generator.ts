import { RESOLUTIONS, SAMPLERS, SCHEDULERS, SEED_CHECKPOINTS, SEED_LORAS, type SeedCheckpoint, type SeedLora } from './catalogue.ts';
import type { Ontology, OntologyTag } from './ontology.ts';
import { Prng, ZipfSampler } from './prng.ts';

/**
 * Builds one demo content item at a time: prompt, title, negative prompt, tags and generation
 * parameters, all drawn from a seeded generator so the same seed gives the same catalogue.
 *
 * Tag popularity is Zipf-like inside each category of the ontology (subject, setting, style…):
 * the first few tags of a category's popularity order land on a large share of items, the rest
 * form a long tail. The order itself is shuffled by the seed.
 */

export interface ItemSpec {
  title: string;
  prompt: string;
  negativePrompt: string;
  /** Tag indexes into `ontology.tags`, distinct. */
  tagIndexes: number[];
  checkpoint: SeedCheckpoint;
  loras: Array<{ name: string; strength_model: number; strength_clip: number }>;
  width: number;
  height: number;
  sampler: string;
  scheduler: string;
  steps: number;
  cfg: number;
  seed: number;
  quality: number;
  /** Colours for the procedural image (from the palette tag). */
  colours: string[];
}

/** How many tags of each category an item draws: [probability of a first, of a second]. */
const CATEGORY_DRAWS: Record<string, [number, number]> = {
  subject: [1, 0.5],
  setting: [0.9, 0.1],
  style: [1, 0.6],
  technique: [0.9, 0.25],
  palette: [0.9, 0],
  lighting: [0.9, 0.3],
  mood: [0.9, 0.35],
  composition: [0.8, 0.4],
};
const CATEGORY_ORDER = Object.keys(CATEGORY_DRAWS);
const ZIPF_EXPONENT = 1.05;

const NEGATIVE_TERMS = [
  'blurry', 'lowres', 'bad anatomy', 'extra fingers', 'deformed hands', 'watermark', 'signature', 'text',
  'jpeg artifacts', 'worst quality', 'cropped', 'oversaturated', 'duplicate', 'mutated', 'out of frame', 'grainy',
];
const BOOSTERS = [
  'highly detailed', 'intricate details', 'sharp focus', 'masterpiece', 'best quality', 'award-winning',
  '8k', 'high resolution', 'fine texture', 'professional',
];

/** Hex colours for each palette tag; items without one get a palette from their seed. */
const PALETTE_COLOURS: Record<string, string[]> = {
  'warm-palette': ['#f4a259', '#e76f51', '#f9dcb5', '#8c3b2a'],
  golden: ['#f6c453', '#d68c1f', '#fff1c1', '#7a4a0c'],
  'autumn-colors': ['#c8553d', '#f28f3b', '#ffd5a5', '#588b8b'],
  sepia: ['#704214', '#a67b5b', '#e8d3b9', '#3b2412'],
  'cool-palette': ['#3a86ff', '#8ecae6', '#023047', '#d8f3ff'],
  'teal-and-orange': ['#0f7c80', '#f4844c', '#0b3c49', '#ffd6a5'],
  'icy-blue': ['#caf0f8', '#90e0ef', '#0077b6', '#ffffff'],
  emerald: ['#2d6a4f', '#52b788', '#b7e4c7', '#081c15'],
  'muted-palette': ['#8d99ae', '#b8b8aa', '#6b705c', '#ddbea9'],
  'earth-tones': ['#7f5539', '#b08968', '#ddb892', '#606c38'],
  pastel: ['#ffc8dd', '#bde0fe', '#cdb4db', '#fdffb6'],
  monochrome: ['#111111', '#555555', '#aaaaaa', '#eeeeee'],
  duotone: ['#240046', '#ff6d00', '#3c096c', '#ff9e00'],
  'vivid-palette': ['#ff006e', '#fb5607', '#ffbe0b', '#3a86ff'],
  neon: ['#ff00e6', '#00f0ff', '#12002e', '#7b2fff'],
  rainbow: ['#ff595e', '#ffca3a', '#8ac926', '#1982c4'],
  'jewel-tones': ['#9b1d20', '#0b6e4f', '#1d3557', '#6a0572'],
};

function titleWords(name: string): string {
  return name
    .split('-')
    .map((w) => (w.length <= 1 ? w : w[0]?.toUpperCase() + w.slice(1)))
    .join(' ')
    .replace(/ (\w)\b/g, '-$1');
}

interface Category {
  name: string;
  tags: OntologyTag[];
  indexes: number[];
  zipf: ZipfSampler;
}

export class ItemGenerator {
  private readonly categories = new Map<string, Category>();
  private readonly checkpointWeights: number[];
  private readonly loraByTag = new Map<number, SeedLora[]>();

  constructor(
    readonly ontology: Ontology,
    randomSeed: number,
  ) {
    const order = new Prng(randomSeed, 7);
    const indexOf = new Map(ontology.tags.map((t, i) => [t.name, i]));
    for (const cat of CATEGORY_ORDER) {
      const drawable = order.sample(
        ontology.tags.filter((t) => t.root === cat && t.phrase !== null),
        Number.MAX_SAFE_INTEGER,
      );
      if (drawable.length === 0) throw new Error(`ontology has no drawable tags under "${cat}"`);
      this.categories.set(cat, {
        name: cat,
        tags: drawable,
        indexes: drawable.map((t) => indexOf.get(t.name) as number),
        zipf: new ZipfSampler(drawable.length, ZIPF_EXPONENT),
      });
    }
    let total = 0;
    this.checkpointWeights = SEED_CHECKPOINTS.map((c) => (total += c.weight));
    for (const lora of SEED_LORAS) {
      for (const tag of lora.affinity) {
        const i = indexOf.get(tag);
        if (i === undefined) throw new Error(`LoRA ${lora.name} names unknown tag ${tag}`);
        this.loraByTag.set(i, [...(this.loraByTag.get(i) ?? []), lora]);
      }
    }
  }

  /** The popularity order of one category (most popular first), for tests and docs. */
  popularityOrder(category: string): string[] {
    return this.categories.get(category)?.tags.map((t) => t.name) ?? [];
  }

  private drawCheckpoint(rng: Prng): SeedCheckpoint {
    const total = this.checkpointWeights[this.checkpointWeights.length - 1] as number;
    const u = rng.next() * total;
    const i = this.checkpointWeights.findIndex((w) => u < w);
    return SEED_CHECKPOINTS[i] as SeedCheckpoint;
  }

  next(rng: Prng): ItemSpec {
    const picked: number[] = [];
    const byCategory = new Map<string, OntologyTag[]>();
    for (const cat of CATEGORY_ORDER) {
      const c = this.categories.get(cat) as Category;
      const [first, second] = CATEGORY_DRAWS[cat] as [number, number];
      const chosen: OntologyTag[] = [];
      if (rng.chance(first)) {
        const a = c.zipf.draw(rng);
        chosen.push(c.tags[a] as OntologyTag);
        picked.push(c.indexes[a] as number);
        if (rng.chance(second)) {
          const b = c.zipf.draw(rng);
          if (b !== a) {
            chosen.push(c.tags[b] as OntologyTag);
            picked.push(c.indexes[b] as number);
          }
        }
      }
      byCategory.set(cat, chosen);
    }
    const tagIndexes = [...new Set(picked)];
    const phrase = (cat: string, i = 0) => byCategory.get(cat)?.[i]?.phrase ?? null;
    const has = (cat: string, i = 0) => byCategory.get(cat)?.[i] !== undefined;

    const checkpoint = this.drawCheckpoint(rng);
    const loras: ItemSpec['loras'] = [];
    const loraCandidates = tagIndexes.flatMap((i) => this.loraByTag.get(i) ?? []);
    if (rng.chance(0.25)) loraCandidates.push(SEED_LORAS[0] as SeedLora);
    for (const lora of rng.sample([...new Set(loraCandidates)], rng.int(0, 2))) {
      if (!lora.compatibleArchitectures.includes(checkpoint.architecture)) continue;
      const strength = Math.round((lora.recommendedWeight + (rng.next() - 0.5) * 0.3) * 100) / 100;
      loras.push({ name: lora.name, strength_model: strength, strength_clip: strength });
    }

    // "a red fox and a snowy owl in an enchanted forest, ukiyo-e woodblock print, watercolor, ..."
    const parts: string[] = [];
    let subject = phrase('subject') as string;
    if (has('subject', 1)) subject += ` and ${phrase('subject', 1) as string}`;
    parts.push(has('setting') ? `${subject} ${phrase('setting') as string}` : subject);
    for (const cat of ['style', 'technique', 'lighting', 'palette', 'mood', 'composition']) {
      for (const t of byCategory.get(cat) ?? []) parts.push(t.phrase as string);
    }
    for (const lora of loras) {
      const trigger = SEED_LORAS.find((l) => l.name === lora.name)?.triggerWords[0];
      if (trigger) parts.push(trigger);
    }
    parts.push(...rng.sample(BOOSTERS, rng.int(0, 3)));
    const prompt = parts.join(', ');

    const negativePrompt = rng.sample(NEGATIVE_TERMS, rng.int(3, 7)).join(', ');
    const subjectTag = byCategory.get('subject')?.[0] as OntologyTag;
    const subjectWord = titleWords(subjectTag.name);
    const settingWord = has('setting') ? titleWords((byCategory.get('setting')?.[0] as OntologyTag).name) : null;
    const moodWord = has('mood') ? titleWords((byCategory.get('mood')?.[0] as OntologyTag).name) : null;
    const lightWord = has('lighting') ? titleWords((byCategory.get('lighting')?.[0] as OntologyTag).name) : null;
    const styleWord = titleWords((byCategory.get('style')?.[0] as OntologyTag).name);
    const templates: Array<string | null> = [
      moodWord && `${moodWord} ${subjectWord}`,
      settingWord && `${subjectWord} in the ${settingWord}`,
      lightWord && `${subjectWord} at ${lightWord}`,
      moodWord && settingWord && `The ${moodWord} ${settingWord}`,
      `${subjectWord}, ${styleWord}`,
      `Study of a ${subjectWord}`,
      settingWord && `${settingWord} No. ${rng.int(1, 400)}`,
      `${subjectWord} ${['I', 'II', 'III', 'IV', 'V'][rng.int(0, 4)] as string}`,
    ];
    const title = rng.pick(templates.filter((t): t is string => t !== null));

    const [width, height] = rng.pick(RESOLUTIONS[checkpoint.architecture]);
    const cfg = Math.round((checkpoint.cfg[0] + rng.next() * (checkpoint.cfg[1] - checkpoint.cfg[0])) * 2) / 2;
    const paletteTag = byCategory.get('palette')?.[0];
    const colours = (paletteTag && PALETTE_COLOURS[paletteTag.name]) || rng.pick(Object.values(PALETTE_COLOURS));
    // Skewed towards good: most items are decent, a few are poor, very few are great.
    const quality = Math.min(1, Math.max(0, Math.pow(rng.next(), 0.6) * (0.85 + checkpoint.rating * 0.15)));
    const spec: ItemSpec = {
      title,
      prompt,
      negativePrompt,
      tagIndexes,
      checkpoint,
      loras,
      width,
      height,
      sampler: rng.pick(SAMPLERS),
      scheduler: rng.pick(SCHEDULERS),
      steps: checkpoint.architecture === 'flux' ? rng.int(18, 32) : rng.int(20, 50),
      cfg,
      seed: rng.nextUint32(),
      quality: Math.round(quality * 1000) / 1000,
      colours,
    };
    return spec;
  }
}
