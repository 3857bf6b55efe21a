-- One row per run of a scheduled maintenance job (issue 6): which job, the schedule tick it ran
-- for, who ran it and how it ended. It makes "each periodic job runs once per period across the
-- cluster" checkable (the scale-out proof counts rows per tick) and shows operators when a job
-- last ran. Rows older than 30 days are pruned by the job runner itself.
CREATE TABLE scheduled_job_runs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  job_name varchar(100) NOT NULL,
  -- The schedule tick this run is for (UTC); null for a run by hand (`genonaut jobs run`).
  scheduled_for timestamp,
  trigger varchar(20) NOT NULL,
  -- `<hostname>:<pid>` of the process that ran it.
  runner varchar(255) NOT NULL,
  started_at timestamp NOT NULL DEFAULT utc_now(),
  finished_at timestamp,
  ok boolean,
  error text,
  CONSTRAINT scheduled_job_runs_pkey PRIMARY KEY (id),
  CONSTRAINT scheduled_job_runs_trigger_check CHECK (trigger IN ('schedule', 'manual'))
);
CREATE INDEX scheduled_job_runs_job_started_idx ON scheduled_job_runs (job_name, started_at);
-- A tick is claimed by inserting its row: a second process that got the same tick (two local
-- schedulers on one PostgreSQL, a re-delivered BullMQ job) finds it taken and does not run it.
CREATE UNIQUE INDEX scheduled_job_runs_tick_key ON scheduled_job_runs (job_name, scheduled_for) WHERE scheduled_for IS NOT NULL;
