/**
 * SIGHUP: load rules and catalogs again from the same directories, all or nothing. A set that
 * fails to load (a bad rule or catalog file) is reported with the problems (each naming its file)
 * and the set already in use stays; engines compare `current` by identity and swap when it changes.
 */
import { loadKnowledge, type Knowledge, type KnowledgeSources } from './load-knowledge.js';

export type ReloadOutcome = { ok: true } | { ok: false; problems: string[] };

export interface KnowledgeHolder {
  /** The set in use; a new object after each successful reload. */
  readonly current: Knowledge;
  reload(): ReloadOutcome;
}

export function holdKnowledge(
  sources: KnowledgeSources,
  initial?: Knowledge,
  load: (sources: KnowledgeSources) => Knowledge = loadKnowledge,
): KnowledgeHolder {
  let current = initial ?? load(sources);
  return {
    get current() {
      return current;
    },
    reload() {
      try {
        current = load(sources);
        return { ok: true };
      } catch (e) {
        // RuleError and CatalogFileError carry one problem per line, each starting with the file.
        const problems = (e as { problems?: readonly string[] }).problems;
        return { ok: false, problems: problems && problems.length > 0 ? [...problems] : [(e as Error).message ?? String(e)] };
      }
    },
  };
}
