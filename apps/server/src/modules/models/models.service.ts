import { NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { countLoras, findCheckpoint, findLora, listCheckpoints, listLoras } from './models.queries.ts';
import { loraFit, toCheckpoint, toLora } from './models.schemas.ts';

/** The checkpoint and LoRA registries (`models_checkpoints`, `models_loras`). */
export class ModelsService {
  constructor(private readonly runtime: Runtime) {}

  async listCheckpoints(showUnresolved: boolean) {
    const rows = await listCheckpoints(this.runtime.db, showUnresolved);
    return { items: rows.map(toCheckpoint), total: rows.length };
  }

  async getCheckpoint(id: string) {
    const row = await findCheckpoint(this.runtime.db, id);
    if (!row) throw new NotFoundError('CheckpointModel', id);
    return toCheckpoint(row);
  }

  /** Rated best first; with a checkpoint id each LoRA says whether it fits that checkpoint. */
  async listLoras(opts: { page: number; pageSize: number; showUnresolved: boolean; checkpointId: string | null }) {
    const { db } = this.runtime;
    const [rows, total, checkpoint] = await Promise.all([
      listLoras(db, opts.showUnresolved, opts.pageSize, (opts.page - 1) * opts.pageSize),
      countLoras(db, opts.showUnresolved),
      opts.checkpointId ? findCheckpoint(db, opts.checkpointId) : Promise.resolve(null),
    ]);
    const items = rows.map((row) => toLora(row, opts.checkpointId ? loraFit(row, checkpoint) : undefined));
    return {
      items,
      total,
      pagination: { page: opts.page, page_size: opts.pageSize, total, total_pages: Math.ceil(total / opts.pageSize) },
    };
  }

  async getLora(id: string) {
    const row = await findLora(this.runtime.db, id);
    if (!row) throw new NotFoundError('LoraModel', id);
    return toLora(row);
  }
}
