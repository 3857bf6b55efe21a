-- Extensions, shared trigger functions and the users table.
-- Everything in these migrations must run unchanged on PostgreSQL 15+ and on PGlite (PostgreSQL 18):
-- no syntax newer than PostgreSQL 15, no extension besides pg_trgm (PGlite loads it).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Naive UTC "now" for `timestamp without time zone` columns. The API serialises these columns without
-- an offset, so they must hold UTC whatever the session's TimeZone is.
CREATE FUNCTION utc_now() RETURNS timestamp
  LANGUAGE sql STABLE
  AS $$ SELECT now() AT TIME ZONE 'UTC' $$;

-- BEFORE UPDATE: bump updated_at unless the statement set it itself (imports keep their own value).
CREATE FUNCTION set_updated_at_utc() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := utc_now();
  END IF;
  RETURN NEW;
END
$$;

-- The same for `timestamptz` columns.
CREATE FUNCTION set_updated_at_tz() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;

-- Prompts are immutable once stored (content and generation jobs). SQLSTATE 23000 lets the API map
-- the error to a 422 like any other integrity violation.
CREATE FUNCTION forbid_prompt_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'prompt is immutable'
    USING ERRCODE = 'integrity_constraint_violation', TABLE = TG_TABLE_NAME, COLUMN = 'prompt';
END
$$;

CREATE TABLE users (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  username varchar(50) NOT NULL,
  email varchar(255) NOT NULL,
  created_at timestamp NOT NULL DEFAULT utc_now(),
  updated_at timestamp NOT NULL DEFAULT utc_now(),
  preferences jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_username_key UNIQUE (username),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_username_check CHECK (length(btrim(username)) > 0),
  CONSTRAINT users_email_check CHECK (position('@' IN email) > 1),
  CONSTRAINT users_preferences_check CHECK (jsonb_typeof(preferences) = 'object')
);

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at_utc();
