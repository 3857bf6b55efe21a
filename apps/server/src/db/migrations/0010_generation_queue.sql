-- Generation queue bookkeeping (issue 4). The job row is the truth; these columns make a worker's
-- claim on a job and its completion conditional, so a job completes at most once even when a
-- worker dies mid-job and another takes over.

-- Number of times a worker has claimed this job (0 while never run). A worker's claim increments
-- it and every later write of that worker is conditional on `attempt` still being its number:
-- the idempotency key of one attempt.
ALTER TABLE generation_jobs ADD COLUMN attempt integer NOT NULL DEFAULT 0;
-- Refreshed by the worker running the job; a running job whose heartbeat is older than the
-- configured stale threshold is taken over (re-enqueued) by the recovery sweep.
ALTER TABLE generation_jobs ADD COLUMN heartbeat_at timestamp;
ALTER TABLE generation_jobs ADD CONSTRAINT generation_jobs_attempt_check CHECK (attempt >= 0);

-- Generation events carry the integer job id (the original's uuid generation_id never matched a job).
ALTER TABLE generation_events ADD COLUMN job_id integer;
CREATE INDEX generation_events_job_id_idx ON generation_events (job_id) WHERE job_id IS NOT NULL;
