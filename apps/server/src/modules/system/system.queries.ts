import type { Queryable } from '../../db/database.ts';

export async function databaseName(db: Queryable): Promise<string> {
  const res = await db.query<{ name: string }>('SELECT current_database() AS name');
  return res.rows[0].name;
}

export interface GlobalCounts {
  total_users: number;
  active_users: number;
  total_content: number;
  private_content: number;
  total_interactions: number;
  total_recommendations: number;
  served_recommendations: number;
  total_generation_jobs: number;
  running_generation_jobs: number;
  completed_generation_jobs: number;
  failed_generation_jobs: number;
}

export async function globalCounts(db: Queryable): Promise<GlobalCounts> {
  const res = await db.query<GlobalCounts>(`
    SELECT
      (SELECT count(*) FROM users) AS total_users,
      (SELECT count(*) FROM users WHERE is_active) AS active_users,
      (SELECT count(*) FROM content_items) AS total_content,
      (SELECT count(*) FROM content_items WHERE is_private) AS private_content,
      (SELECT count(*) FROM user_interactions) AS total_interactions,
      (SELECT count(*) FROM recommendations) AS total_recommendations,
      (SELECT count(*) FROM recommendations WHERE is_served) AS served_recommendations,
      (SELECT count(*) FROM generation_jobs) AS total_generation_jobs,
      (SELECT count(*) FROM generation_jobs WHERE status = 'running') AS running_generation_jobs,
      (SELECT count(*) FROM generation_jobs WHERE status = 'completed') AS completed_generation_jobs,
      (SELECT count(*) FROM generation_jobs WHERE status = 'failed') AS failed_generation_jobs`);
  return res.rows[0];
}
