-- Content: one partitioned parent, two partitions, one id sequence.
--
-- `source_type` is the single vocabulary for "which content table" in the whole schema:
--   'items' = user-requested generations (API/UI name "regular"), partition content_items
--   'auto'  = automated/bulk content,                             partition content_items_auto
-- The API maps its 'regular' to 'items' at the edge; no table stores 'regular'.

-- Shared by both partitions, so an id is unique across items and auto (the original's per-table
-- sequences produced the same id in both tables).
CREATE SEQUENCE content_items_id_seq AS bigint;

CREATE TABLE content_items_all (
  id bigint NOT NULL DEFAULT nextval('content_items_id_seq'),
  title varchar(255) NOT NULL,
  content_type varchar(50) NOT NULL DEFAULT 'image',
  content_data text NOT NULL,
  item_metadata jsonb NOT NULL DEFAULT '{}',
  creator_id uuid NOT NULL,
  created_at timestamp NOT NULL DEFAULT utc_now(),
  updated_at timestamp NOT NULL DEFAULT utc_now(),
  quality_score double precision NOT NULL DEFAULT 0,
  is_private boolean NOT NULL DEFAULT false,
  path_thumb varchar(512),
  prompt varchar(20000) NOT NULL,
  path_thumbs_alt_res jsonb,
  source_type text NOT NULL,
  -- Denormalised copy of this item's content_tags.tag_id values, sorted ascending, for GIN filters
  -- (tag_ids @> ARRAY[...] for "all", && for "any"). Maintained by the content_tags triggers (0003).
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT content_items_all_pkey PRIMARY KEY (id, source_type),
  CONSTRAINT content_items_all_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT content_items_all_source_type_check CHECK (source_type IN ('items', 'auto')),
  CONSTRAINT content_items_all_content_type_check CHECK (content_type IN ('text', 'image', 'video', 'audio')),
  CONSTRAINT content_items_all_quality_score_check CHECK (quality_score >= 0 AND quality_score <= 1),
  CONSTRAINT content_items_all_title_check CHECK (length(title) > 0),
  CONSTRAINT content_items_all_item_metadata_check CHECK (jsonb_typeof(item_metadata) = 'object'),
  CONSTRAINT content_items_all_path_thumbs_alt_res_check
    CHECK (path_thumbs_alt_res IS NULL OR jsonb_typeof(path_thumbs_alt_res) = 'object'),
  CONSTRAINT content_items_all_tag_ids_check CHECK (array_position(tag_ids, NULL) IS NULL)
) PARTITION BY LIST (source_type);

-- Each partition defaults its own label, so inserts may target the partition or the parent.
CREATE TABLE content_items PARTITION OF content_items_all (
  source_type DEFAULT 'items'
) FOR VALUES IN ('items');

CREATE TABLE content_items_auto PARTITION OF content_items_all (
  source_type DEFAULT 'auto'
) FOR VALUES IN ('auto');

-- Gallery keyset orders: ORDER BY <key> {ASC|DESC}, id {ASC|DESC}. A B-tree serves both directions,
-- and a query over the parent becomes a MergeAppend of the two partition indexes.
CREATE INDEX content_items_all_created_idx ON content_items_all (created_at, id);
CREATE INDEX content_items_all_quality_idx ON content_items_all (quality_score, id);
CREATE INDEX content_items_all_title_idx ON content_items_all (title, id);
-- "My content" (creator filter) in the two orders the gallery offers; also serves the users FK.
CREATE INDEX content_items_all_creator_created_idx ON content_items_all (creator_id, created_at, id);
CREATE INDEX content_items_all_creator_quality_idx ON content_items_all (creator_id, quality_score, id);
-- Multi-tag AND/ANY filters.
CREATE INDEX content_items_all_tag_ids_idx ON content_items_all USING gin (tag_ids);
-- Search: every term must match title ILIKE '%t%' OR prompt ILIKE '%t%' (spec §3.6); trigram GIN
-- indexes turn both sides into bitmap index scans.
CREATE INDEX content_items_all_title_trgm_idx ON content_items_all USING gin (title gin_trgm_ops);
CREATE INDEX content_items_all_prompt_trgm_idx ON content_items_all USING gin (prompt gin_trgm_ops);

CREATE TRIGGER content_items_all_forbid_prompt_update BEFORE UPDATE ON content_items_all
  FOR EACH ROW WHEN (OLD.prompt IS DISTINCT FROM NEW.prompt) EXECUTE FUNCTION forbid_prompt_update();

CREATE TRIGGER content_items_all_set_updated_at BEFORE UPDATE ON content_items_all
  FOR EACH ROW EXECUTE FUNCTION set_updated_at_utc();
