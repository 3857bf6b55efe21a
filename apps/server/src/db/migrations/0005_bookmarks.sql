-- Bookmarks and nestable bookmark categories. These three tables are timezone-aware (the API
-- serialises their timestamps with an offset).

CREATE TABLE bookmarks (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  content_id bigint NOT NULL,
  content_source_type text NOT NULL,
  note text,
  pinned boolean NOT NULL DEFAULT false,
  is_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookmarks_pkey PRIMARY KEY (id),
  CONSTRAINT bookmarks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_bookmark_content FOREIGN KEY (content_id, content_source_type)
    REFERENCES content_items_all (id, source_type) ON DELETE CASCADE,
  -- One bookmark per user and item; also the index for "this user's bookmarks" lookups by content.
  CONSTRAINT uq_bookmark_user_content UNIQUE (user_id, content_id, content_source_type),
  -- Target of the owner-consistent composite FK from bookmark_category_members.
  CONSTRAINT uq_bookmark_id_user UNIQUE (id, user_id),
  CONSTRAINT bookmarks_content_source_type_check CHECK (content_source_type IN ('items', 'auto')),
  CONSTRAINT bookmarks_note_check CHECK (length(note) <= 5000)
);
-- The bookmark list (newest first).
CREATE INDEX bookmarks_user_created_idx ON bookmarks (user_id, created_at);
-- The content FK cascade.
CREATE INDEX bookmarks_content_idx ON bookmarks (content_id, content_source_type);

CREATE TRIGGER bookmarks_set_updated_at BEFORE UPDATE ON bookmarks
  FOR EACH ROW EXECUTE FUNCTION set_updated_at_tz();

CREATE TABLE bookmark_categories (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  name varchar(100) NOT NULL,
  description text,
  color varchar(7),
  icon varchar(64),
  cover_content_id bigint,
  cover_content_source_type text,
  parent_id uuid,
  sort_index integer,
  is_public boolean NOT NULL DEFAULT false,
  share_token uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookmark_categories_pkey PRIMARY KEY (id),
  CONSTRAINT bookmark_categories_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_bookmark_category_cover_content FOREIGN KEY (cover_content_id, cover_content_source_type)
    REFERENCES content_items_all (id, source_type) ON DELETE SET NULL,
  -- The parent belongs to the same user; deleting it only clears parent_id (children become roots).
  CONSTRAINT fk_bookmark_category_parent_same_user FOREIGN KEY (parent_id, user_id)
    REFERENCES bookmark_categories (id, user_id) ON DELETE SET NULL (parent_id),
  CONSTRAINT uq_bookmark_category_id_user UNIQUE (id, user_id),
  -- Names are unique per level, roots included (NULL parents compare equal).
  CONSTRAINT uq_bookmark_category_user_parent_name UNIQUE NULLS NOT DISTINCT (user_id, parent_id, name),
  CONSTRAINT bookmark_categories_share_token_key UNIQUE (share_token),
  CONSTRAINT bookmark_categories_name_check CHECK (length(btrim(name)) > 0),
  CONSTRAINT bookmark_categories_description_check CHECK (length(description) <= 2000),
  CONSTRAINT bookmark_categories_color_check CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
  CONSTRAINT bookmark_categories_not_own_parent CHECK (parent_id <> id),
  CONSTRAINT bookmark_categories_cover_check
    CHECK ((cover_content_id IS NULL) = (cover_content_source_type IS NULL)
           AND cover_content_source_type IN ('items', 'auto'))
);
-- A user's categories in manual order (the unique key above serves per-parent listings).
CREATE INDEX bookmark_categories_user_sort_idx ON bookmark_categories (user_id, sort_index);
CREATE INDEX bookmark_categories_cover_idx ON bookmark_categories (cover_content_id, cover_content_source_type)
  WHERE cover_content_id IS NOT NULL;

CREATE TRIGGER bookmark_categories_set_updated_at BEFORE UPDATE ON bookmark_categories
  FOR EACH ROW EXECUTE FUNCTION set_updated_at_tz();

-- Bookmarks filed in categories. user_id exists only so both composite FKs force one owner.
CREATE TABLE bookmark_category_members (
  bookmark_id uuid NOT NULL,
  category_id uuid NOT NULL,
  user_id uuid NOT NULL,
  position integer,
  added_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookmark_category_members_pkey PRIMARY KEY (bookmark_id, category_id),
  CONSTRAINT bookmark_category_members_bookmark_fkey FOREIGN KEY (bookmark_id, user_id)
    REFERENCES bookmarks (id, user_id) ON DELETE CASCADE,
  CONSTRAINT bookmark_category_members_category_fkey FOREIGN KEY (category_id, user_id)
    REFERENCES bookmark_categories (id, user_id) ON DELETE CASCADE,
  CONSTRAINT bookmark_category_members_position_check CHECK (position >= 0)
);
-- A category's bookmarks in manual order; also the category FK cascade.
CREATE INDEX bookmark_category_members_category_position_idx ON bookmark_category_members (category_id, position);
