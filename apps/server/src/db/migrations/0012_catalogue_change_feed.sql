-- A change feed for the gallery's page cache (issue 3): API processes keep recently served
-- gallery pages in memory and must drop them as soon as anything a page shows changes, whoever
-- made the change (an API process, a worker finishing a job, the seeder, an operator in psql).
-- Statement-level triggers send one NOTIFY per statement on the tables a gallery page is built
-- from; PostgreSQL delivers it to every listener when the transaction commits (and folds
-- duplicates within one transaction), so bulk loads cost one notification per statement.
CREATE FUNCTION notify_catalogue_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('genonaut_catalogue_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

-- A statement on the partitioned parent fires the parent's trigger only, one on a partition the
-- partition's only: both levels are covered.
CREATE TRIGGER content_items_all_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON content_items_all
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE TRIGGER content_items_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON content_items
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE TRIGGER content_items_auto_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON content_items_auto
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
-- Tag links decide tag filters; tag names and slugs decide which tag a filter names.
CREATE TRIGGER content_tags_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON content_tags
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE TRIGGER tags_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
-- Pages show the creator's username.
CREATE TRIGGER users_catalogue_changed AFTER UPDATE OF username OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
