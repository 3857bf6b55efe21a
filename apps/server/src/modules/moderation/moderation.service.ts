import type { Queryable } from '../../db/database.ts';
import { DomainValidationError, NotFoundError } from '../../platform/http/errors.ts';
import { paginationMeta } from '../../platform/http/schemas.ts';
import type { Runtime } from '../../platform/runtime.ts';
import type { SourceType } from '../content/content.queries.ts';
import { analyzeText, loadDefaultLexicon, type Lexicon } from './flagging.ts';
import * as q from './moderation.queries.ts';
import { toFlaggedContent } from './moderation.schemas.ts';

export interface FlagListQuery {
  page: number;
  page_size: number;
  creator_id?: string;
  content_source?: string;
  min_risk_score?: number;
  max_risk_score?: number;
  reviewed?: boolean;
  sort_by: string;
  sort_order: string;
}

/** `risk_score >= 75` counts as high risk in the statistics. */
export const HIGH_RISK = 75;
const SCAN_BATCH = 1000;

/** Wire labels and partition labels both name a source ('regular' is the API's word for 'items'). */
export function toSourceType(label: string): SourceType | null {
  if (label === 'regular' || label === 'items') return 'items';
  if (label === 'auto') return 'auto';
  return null;
}

const isFkViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

/**
 * Content moderation: the flagging engine applied to content text, and the admin review queue.
 * Deleting a flag keeps the content unless deleting the content is asked for explicitly.
 */
export class ModerationService {
  private readonly lexicon: Lexicon;

  constructor(
    private readonly runtime: Runtime,
    lexicon?: Lexicon,
  ) {
    this.lexicon = lexicon ?? loadDefaultLexicon();
  }

  /**
   * Flags a content item when its text contains listed words (creating or refreshing its one flag
   * row) and returns the flag, or null when the text is clean. Pass the open transaction as `db`
   * to flag inside the transaction that created the content.
   */
  async flagContentIfNeeded(contentId: number, sourceType: string, text: string, creatorId: string, db: Queryable = this.runtime.db) {
    const source = toSourceType(sourceType);
    if (!source) throw new Error(`unknown content source ${sourceType}`);
    const a = analyzeText(text, this.lexicon);
    if (!a.shouldFlag) return null;
    const row = await q.upsertFlag(db, {
      contentId,
      source,
      text,
      words: a.flaggedWords,
      problemWords: a.problemWords,
      totalWords: a.totalWords,
      percentage: a.problemPercentage,
      risk: a.riskScore,
      creatorId,
    });
    return toFlaggedContent(row);
  }

  /** The hook shape the generation worker takes (`WorkerHooks.flagContent`): flags generated items. */
  readonly flagGeneratedContent = async (tx: Queryable, content: { id: number; prompt: string; creatorId: string }): Promise<void> => {
    await this.flagContentIfNeeded(content.id, 'items', content.prompt, content.creatorId, tx);
  };

  /** Scans existing content (oldest first, at most `maxPerType` per source); already-flagged items are skipped unless forced. */
  async scan(contentTypes: readonly string[], forceRescan: boolean, maxPerType: number) {
    const started = performance.now();
    const sources = new Set<SourceType>();
    for (const t of contentTypes) {
      const s = toSourceType(t);
      if (!s) throw new DomainValidationError("content_types may only contain 'regular' or 'auto'");
      sources.add(s);
    }
    let scanned = 0;
    let flagged = 0;
    for (const source of sources) {
      let afterId = 0;
      let left = maxPerType;
      while (left > 0) {
        const batch = await q.scanBatch(this.runtime.db, source, afterId, Math.min(SCAN_BATCH, left), forceRescan);
        if (batch.length === 0) break;
        for (const item of batch) {
          if (await this.flagContentIfNeeded(Number(item.id), source, item.text, item.creator_id)) flagged++;
        }
        scanned += batch.length;
        left -= batch.length;
        afterId = Number(batch[batch.length - 1]?.id);
      }
    }
    return { items_scanned: scanned, items_flagged: flagged, processing_time_ms: Math.round((performance.now() - started) * 100) / 100 };
  }

  async list(query: FlagListQuery) {
    if (!(query.sort_by in q.FLAG_SORTS)) throw new DomainValidationError(`sort_by must be one of: ${Object.keys(q.FLAG_SORTS).join(', ')}`);
    if (query.sort_order !== 'asc' && query.sort_order !== 'desc') throw new DomainValidationError("sort_order must be 'asc' or 'desc'");
    let source: SourceType | undefined;
    if (query.content_source !== undefined) {
      if (query.content_source !== 'regular' && query.content_source !== 'auto') throw new DomainValidationError("content_source must be 'regular' or 'auto'");
      source = toSourceType(query.content_source) as SourceType;
    }
    const filter = {
      creatorId: query.creator_id,
      source,
      minRisk: query.min_risk_score,
      maxRisk: query.max_risk_score,
      reviewed: query.reviewed,
    };
    const [rows, total] = await Promise.all([
      q.listFlags(this.runtime.db, filter, { by: query.sort_by, order: query.sort_order }, { offset: (query.page - 1) * query.page_size, limit: query.page_size }),
      q.countFlags(this.runtime.db, filter),
    ]);
    return { items: rows.map(toFlaggedContent), pagination: paginationMeta(query.page, query.page_size, total) };
  }

  async get(id: number) {
    const row = await q.findFlag(this.runtime.db, id);
    if (!row) throw new NotFoundError('FlaggedContent', id);
    return toFlaggedContent(row);
  }

  /** Records a review by `reviewerId` (an existing user); `notes` null keeps earlier notes. */
  async review(id: number, reviewed: boolean, reviewerId: string, notes: string | null) {
    let row;
    try {
      row = await q.reviewFlag(this.runtime.db, id, reviewed, reviewerId, notes);
    } catch (err) {
      if (isFkViolation(err)) throw new NotFoundError('User', reviewerId);
      throw err;
    }
    if (!row) throw new NotFoundError('FlaggedContent', id);
    return toFlaggedContent(row);
  }

  async bulkReview(ids: readonly number[], reviewed: boolean, reviewerId: string, notes: string | null) {
    return this.runtime.db.transaction(async (tx) => {
      const errors: Array<{ id: number; error: string }> = [];
      let count = 0;
      for (const id of new Set(ids)) {
        let row;
        try {
          row = await q.reviewFlag(tx, id, reviewed, reviewerId, notes);
        } catch (err) {
          if (isFkViolation(err)) throw new NotFoundError('User', reviewerId);
          throw err;
        }
        if (row) count++;
        else errors.push({ id, error: `FlaggedContent with id ${id} not found` });
      }
      return { reviewed_count: count, errors };
    });
  }

  /** Removes the flag; with `deleteContent` the content item itself is deleted (the flag goes with it). */
  async delete(id: number, deleteContent: boolean) {
    const { db } = this.runtime;
    const gone = deleteContent ? await q.deleteFlaggedItem(db, id) : await q.deleteFlag(db, id);
    if (!gone) throw new NotFoundError('FlaggedContent', id);
    return { success: true, message: `Flagged content ${id} deleted successfully` };
  }

  /** Per-id failures are reported, not raised. */
  async bulkDelete(ids: readonly number[], deleteContent: boolean) {
    const errors: Array<{ id: number; error: string }> = [];
    let count = 0;
    for (const id of new Set(ids)) {
      try {
        await this.delete(id, deleteContent);
        count++;
      } catch (err) {
        if (err instanceof NotFoundError) errors.push({ id, error: err.message });
        else throw err;
      }
    }
    return { deleted_count: count, errors };
  }

  async statistics() {
    const s = await q.flagStats(this.runtime.db, HIGH_RISK);
    return {
      total_flagged: s.total,
      unreviewed_count: s.unreviewed,
      average_risk_score: s.avg_risk === null ? 0 : Math.round(Number(s.avg_risk) * 100) / 100,
      high_risk_count: s.high_risk,
      by_source: { regular: s.regular, auto: s.auto },
    };
  }
}
