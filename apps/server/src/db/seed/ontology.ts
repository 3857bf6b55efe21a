import { stableUuid } from './prng.ts';

/**
 * Genonaut's curated tag ontology: a polyhierarchy of lower-case, hyphenated tag names.
 *
 * The outline below is the single source. One line per tag, indented two spaces per level:
 *
 *     name | prompt phrase; keyword, keyword ^other-parent
 *
 * - A line with `|` is a tag that content carries; its first phrase is what the demo prompt
 *   generator writes, and every phrase and keyword (plus the name itself) is what
 *   `tagsForPrompt` recognises in a prompt.
 * - A line without `|` is a grouping tag (a category in the tree, e.g. `animals`).
 * - `^name` adds a second parent (declared anywhere in the outline).
 */
const OUTLINE = `
subject
  people
    portrait | a portrait of a woman with freckles; portrait, headshot, face ^framing
    warrior | an armored warrior; knight, soldier, samurai
    wizard | an old wizard in flowing robes; mage, sorcerer, witch ^fantasy
    astronaut | a lone astronaut; spacesuit, cosmonaut ^science-fiction
    dancer | a dancer mid-leap; ballerina, dancing
    musician | a street musician playing violin; guitarist, violinist
    child | a curious child; kid, little girl, little boy
    elder | an elderly fisherman; old man, old woman, grandmother
  creatures
    animals
      cat | a sleepy cat; kitten, cats
      fox | a red fox; foxes
        kitsune | a nine-tailed kitsune; nine-tailed fox ^mythical-creatures
      wolf | a grey wolf; wolves
      owl | a snowy owl; owls
      whale | a humpback whale; whales
      horse | a wild horse; horses, stallion
      koi | koi fish circling a pond; koi fish, goldfish
      deer | a white stag; stag, fawn
      butterfly | a swarm of butterflies; butterflies, moth
    mythical-creatures
      dragon | a coiled dragon; dragons, wyvern ^fantasy
      phoenix | a phoenix rising from embers; firebird ^fantasy
      griffin | a griffin; gryphon
      forest-spirit | a forest spirit; spirit, yokai, wraith
    robots | a battered robot; robot, automaton ^science-fiction
      mech | a giant mech; mecha
      android | an android with porcelain skin; cyborg
  objects
    vehicles
      airship | an airship; zeppelin, dirigible ^steampunk
      spaceship | a starship; spacecraft ^science-fiction
      vintage-car | a vintage car; classic car
      sailing-ship | a tall sailing ship; galleon, schooner
    food
      fruit-bowl | a bowl of fruit; fruit, apples, pears
      pastries | pastries on a plate; cake, croissant, dessert
      ramen | a steaming bowl of ramen; noodles
    plants
      flowers | a field of wildflowers; flower, blossom, bouquet
        cherry-blossom | cherry blossoms; sakura
      mushrooms | glowing mushrooms; fungi, toadstool
      ancient-tree | an ancient tree; giant tree, old oak
  buildings
    castle | a castle on a cliff; fortress, citadel ^fantasy
    lighthouse | a lighthouse; beacon
    temple | a ruined temple; shrine, pagoda
    cathedral | a cathedral; church ^gothic
    treehouse | a treehouse; tree house
    cottage | a cottage; cabin, hut
setting
  nature
    forest | in an enchanted forest; woods, woodland
    mountains | among snowy mountains; mountain, peaks, alpine
    ocean | on the open ocean; sea, waves
    desert | in a windswept desert; dunes, sand dunes
    underwater | deep underwater; under the sea, coral reef
    jungle | in a dense jungle; rainforest
    arctic | on a frozen lake; glacier, ice field, tundra
    meadow | in a flower meadow; field, grassland
  urban
    city-street | on a rainy city street; street, alley, downtown
    rooftops | across the rooftops; rooftop, skyline
    night-market | in a crowded night market; bazaar, market
    subway | in an abandoned subway station; metro, train station
    cafe | inside a cozy cafe; coffee shop
    megacity | in a sprawling megacity; metropolis ^cyberpunk
  interior
    library | in a vast library; bookshelves, books
    workshop | in a cluttered workshop; workbench ^steampunk
    bedroom | in a sunlit bedroom
    throne-room | in a throne room; throne
  otherworldly
    outer-space | drifting through outer space; space, nebula, galaxy ^science-fiction
    alien-planet | on an alien planet; exoplanet, alien world ^science-fiction
    floating-islands | among floating islands; sky islands ^fantasy
    dreamscape | inside a dreamscape; dream world ^surrealism
    ruins | among overgrown ruins; abandoned
style
  genre
    fantasy | fantasy art; fantasy, magical, enchanted
      dark-fantasy | dark fantasy; grimdark
      fairy-tale | fairy tale illustration; fairytale, storybook
    science-fiction | science fiction; sci-fi, scifi, futuristic
      cyberpunk | cyberpunk; neon noir
      solarpunk | solarpunk
      retro-futurism | retro-futurism; retrofuturism, atompunk
      steampunk | steampunk; clockwork, brass gears ^retro-futurism
    horror | cosmic horror; horror, eldritch, creepy
    film-noir | film noir; noir
  art-movement
    impressionism | impressionist painting; impressionism, impressionist
    art-nouveau | art nouveau
    art-deco | art deco
    surrealism | surrealism; surreal
    baroque | baroque
    ukiyo-e | ukiyo-e woodblock print; woodblock ^printmaking
    pop-art | pop art
    bauhaus | bauhaus; constructivist
    gothic | gothic
    minimalism | minimalist; minimalism, minimal
  illustration-style
    anime | anime style; anime, manga
      chibi | chibi; super deformed
    cartoon | cartoon; cartoonish
    comic-book | comic book art; comic, graphic novel ^ink
    childrens-book | children's book illustration; picture book ^fairy-tale
    concept-art | concept art; concept design, keyframe
  photographic
    photorealistic | photorealistic; photoreal, hyperrealistic, photograph
    film-photography | 35mm film photograph; analog photo, film grain
    street-photography | street photography
    macro-photography | macro photograph; macro ^close-up
    long-exposure | long exposure; light trails
technique
  traditional-media
    painting
      oil-painting | oil painting; oils, impasto
      watercolor | watercolor; watercolour, wet-on-wet
      gouache | gouache
      acrylic | acrylic painting; acrylic
    drawing
      pencil-sketch | pencil sketch; graphite, sketch
      charcoal | charcoal drawing; charcoal
      ink | ink drawing; pen and ink, inked, linework
        sumi-e | sumi-e ink wash; ink wash, brush painting ^painting
      chalk | chalk drawing; soft pastels
    printmaking | printmaking; print
      linocut | linocut print; linoleum cut, block print
      screen-print | screen print; silkscreen
      risograph | risograph print; riso
  digital-media
    digital-painting | digital painting; digital art
    3d-render | 3d render; octane render, ray traced, cgi
      isometric | isometric 3d; isometric ^viewpoint
      low-poly | low poly; polygonal
      voxel | voxel art; voxels
      clay-render | clay render; claymation, plasticine
    pixel-art | pixel art; 8-bit, 16-bit, sprite
    vector-art | flat vector illustration; vector, flat design
    photobash | photobash; matte painting
  mixed-media
    collage | paper collage; collage, cut paper
    papercraft | layered papercraft; paper cut, origami
    stained-glass | stained glass; stained-glass window
    embroidery | embroidery; needlework, cross-stitch
    mosaic | mosaic; tiles
palette
  warm-palette | warm tones; warm colors, warm palette
    golden | golden tones; gold, amber
    autumn-colors | autumn colors; fall colors, orange and red
    sepia | sepia tones; sepia
  cool-palette | cool tones; cool colors, blue tones
    teal-and-orange | teal and orange; teal orange ^warm-palette
    icy-blue | icy blues; ice blue
    emerald | emerald greens; green tones
  muted-palette | muted colors; desaturated, muted
    earth-tones | earth tones; earthy, ochre
    pastel | pastel colors; pastel, soft colors
    monochrome | monochrome; black and white, grayscale
      duotone | duotone; two-tone
  vivid-palette | vivid colors; vibrant, saturated, colorful
    neon | neon colors; neon, neon lights, fluorescent ^artificial-light
    rainbow | rainbow colors; iridescent, prismatic
    jewel-tones | jewel tones; ruby and sapphire
lighting
  natural-light
    golden-hour | golden hour light; golden hour, sunset light
    blue-hour | blue hour; dusk, twilight
    overcast | soft overcast light; overcast, cloudy
    moonlight | moonlight; moonlit
    dappled-light | dappled sunlight; sunbeams through leaves
    bioluminescence | bioluminescent glow; bioluminescent, glowing
  artificial-light
    candlelight | candlelight; candles, candle-lit
    studio-lighting | studio lighting; softbox, three-point lighting
    lantern-light | warm lantern light; lanterns, paper lanterns
  dramatic-light
    chiaroscuro | chiaroscuro; dramatic shadows
    rim-light | rim lighting; backlit, backlight
    volumetric-light | volumetric light; god rays, light shafts
mood
  serene | serene; calm, peaceful, tranquil
    cozy | cozy; snug, hygge
  melancholic | melancholic; melancholy, lonely, wistful
    nostalgic | nostalgic; nostalgia, bittersweet
  mysterious | mysterious; enigmatic, mystery
    eerie | eerie; unsettling, ominous ^horror
    ethereal | ethereal; otherworldly, ghostly, dreamy
  joyful | joyful; happy, cheerful
    whimsical | whimsical; playful, quirky
  epic | epic; grand, majestic, heroic
    dramatic | dramatic; intense
  romantic | romantic; tender
composition
  framing
    close-up | close-up; closeup, extreme close-up, detail shot
    full-body | full body shot; full-length
    wide-shot | wide shot; establishing shot, panoramic, wide angle
  viewpoint
    aerial-view | aerial view; bird's-eye view, drone shot, overhead
    low-angle | low angle shot; worm's-eye view
  arrangement
    symmetrical | symmetrical composition; symmetry, centered
    rule-of-thirds | rule of thirds
    negative-space | negative space; minimal composition
    pattern | repeating pattern; tessellation, seamless pattern
  lens
    bokeh | shallow depth of field; bokeh, blurred background
    fisheye | fisheye lens; fish-eye
    tilt-shift | tilt-shift; miniature effect
`;

export interface OntologyTag {
  /** Stable id: a name-based UUID, the same in every database and every seed. */
  id: string;
  /** Unique, lower-case, hyphenated. */
  name: string;
  /** Parent names, the outline parent first. Empty for roots. */
  parents: string[];
  /** The root this tag hangs under through its first parent (its category in prompts). */
  root: string;
  /** Longest distance from a root (roots are 0). */
  depth: number;
  /** The phrase the prompt generator writes; null for grouping tags. */
  phrase: string | null;
  /** Normalised phrases that mark this tag in a prompt (name, phrase, keywords). */
  keywords: string[];
}

export interface Ontology {
  tags: OntologyTag[];
  byName: ReadonlyMap<string, OntologyTag>;
  /** Every child → parent edge. */
  edges: Array<{ child: string; parent: string }>;
  roots: OntologyTag[];
}

const TAG_NAMESPACE = 'genonaut-tag';

/** The id a tag name gets everywhere (seed, generation pipeline, imports). */
export function tagIdFor(name: string): string {
  return stableUuid(TAG_NAMESPACE, name);
}

/** Lower case, hyphens and punctuation to single spaces: how prompts and keywords are compared. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface ParsedLine {
  name: string;
  indent: number;
  phrases: string[] | null;
  extraParents: string[];
}

function parseLine(raw: string, lineNo: number): ParsedLine {
  const indent = raw.length - raw.trimStart().length;
  if (indent % 2 !== 0) throw new Error(`ontology line ${lineNo}: odd indentation`);
  let body = raw.trim();
  const extraParents: string[] = [];
  body = body.replace(/\s*\^([a-z0-9-]+)/g, (_m, parent: string) => {
    extraParents.push(parent);
    return '';
  });
  const [head, rest] = body.split('|').map((s) => s.trim()) as [string, string | undefined];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(head)) throw new Error(`ontology line ${lineNo}: bad tag name "${head}"`);
  const phrases =
    rest === undefined
      ? null
      : rest
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
  return { name: head, indent: indent / 2, phrases, extraParents };
}

/** Parses an outline (the format above) into a validated polyhierarchy. Exported for tests. */
export function parseOntology(outline: string): Ontology {
  const lines = outline.split('\n').filter((l) => l.trim().length > 0);
  const parsed: ParsedLine[] = lines.map((l, i) => parseLine(l, i + 1));
  const parents = new Map<string, string[]>();
  const order: string[] = [];
  const stack: string[] = [];
  for (const line of parsed) {
    if (parents.has(line.name)) throw new Error(`ontology: duplicate tag "${line.name}"`);
    if (line.indent > stack.length) throw new Error(`ontology: "${line.name}" is indented too deep`);
    stack.length = line.indent;
    const outlineParent = stack[stack.length - 1];
    parents.set(line.name, outlineParent ? [outlineParent] : []);
    order.push(line.name);
    stack.push(line.name);
  }
  for (const line of parsed) {
    for (const extra of line.extraParents) {
      if (!parents.has(extra)) throw new Error(`ontology: "${line.name}" names unknown parent "${extra}"`);
      const list = parents.get(line.name) as string[];
      if (list.length === 0) throw new Error(`ontology: root "${line.name}" cannot take a second parent`);
      if (!list.includes(extra)) list.push(extra);
    }
  }

  // Depth = longest path from a root; a cycle is an error (DFS with colours).
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`ontology: cycle through "${name}"`);
    visiting.add(name);
    const ps = parents.get(name) as string[];
    const d = ps.length === 0 ? 0 : 1 + Math.max(...ps.map(depthOf));
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  const rootOf = (name: string): string => {
    let current = name;
    for (;;) {
      const first = (parents.get(current) as string[])[0];
      if (!first) return current;
      current = first;
    }
  };

  const tags: OntologyTag[] = parsed.map((line) => {
    const keywords = new Set<string>([normalisePhrase(line.name)]);
    for (const p of line.phrases ?? []) keywords.add(normalisePhrase(p));
    return {
      id: tagIdFor(line.name),
      name: line.name,
      parents: parents.get(line.name) as string[],
      root: rootOf(line.name),
      depth: depthOf(line.name),
      phrase: line.phrases ? (line.phrases[0] ?? line.name.replace(/-/g, ' ')) : null,
      keywords: [...keywords].filter((k) => k.length > 0),
    };
  });
  const byName = new Map(tags.map((t) => [t.name, t]));
  const edges = tags.flatMap((t) => t.parents.map((parent) => ({ child: t.name, parent })));
  return { tags, byName, edges, roots: tags.filter((t) => t.parents.length === 0) };
}

let cached: Ontology | null = null;

/** The curated ontology (parsed once). */
export function loadOntology(): Ontology {
  cached ??= parseOntology(OUTLINE);
  return cached;
}

/** The longest keyword, in words: bounds the n-grams `tagsForPrompt` looks at. */
const MAX_KEYWORD_WORDS = 4;

const matchers = new WeakMap<Ontology, Map<string, string[]>>();

function keywordIndex(ontology: Ontology): Map<string, string[]> {
  let index = matchers.get(ontology);
  if (!index) {
    index = new Map();
    for (const tag of ontology.tags) {
      for (const kw of tag.keywords) {
        if (kw.split(' ').length > MAX_KEYWORD_WORDS) continue;
        const list = index.get(kw) ?? [];
        if (!list.includes(tag.name)) list.push(tag.name);
        index.set(kw, list);
      }
    }
    matchers.set(ontology, index);
  }
  return index;
}

/**
 * The ontology tags a prompt mentions, by whole-word match of each tag's name, phrase and
 * keywords, longest match first (a trailing plural "s" is forgiven). Grouping tags are matched by name too, so
 * "a portrait of animals" yields `portrait` and `animals`. Result in ontology order.
 */
export function tagsForPrompt(prompt: string, ontology: Ontology = loadOntology()): string[] {
  const index = keywordIndex(ontology);
  const words = normalisePhrase(prompt).split(' ').filter(Boolean);
  const found = new Set<string>();
  // Longest match first: "golden hour light" is golden-hour, not golden + golden-hour.
  for (let i = 0; i < words.length; ) {
    let best: { hits: string[]; length: number } | null = null;
    let gram = '';
    for (let n = 1; n <= MAX_KEYWORD_WORDS && i + n <= words.length; n++) {
      gram = n === 1 ? (words[i] as string) : `${gram} ${words[i + n - 1] as string}`;
      const hits = index.get(gram) ?? (gram.endsWith('s') ? index.get(gram.slice(0, -1)) : undefined);
      if (hits) best = { hits, length: n };
    }
    if (best) for (const h of best.hits) found.add(h);
    i += best?.length ?? 1;
  }
  return ontology.tags.filter((t) => found.has(t.name)).map((t) => t.name);
}

/** All ancestors of a tag (every path), nearest first, without duplicates. */
export function ancestorsOf(name: string, ontology: Ontology = loadOntology()): string[] {
  const out: string[] = [];
  const queue = [...(ontology.byName.get(name)?.parents ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...(ontology.byName.get(next)?.parents ?? []));
  }
  return out;
}
