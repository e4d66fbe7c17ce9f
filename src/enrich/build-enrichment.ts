/**
 * Detection + chosen catalog candidate → the enrichment object written under the target field.
 *
 * The payload wins: its own HTTP status, message and request id are reported as given; the
 * catalog's are context. A code documented with several statuses is read with the payload's
 * status. Where the catalog and the payload disagree, `conflict` names what disagrees instead
 * of the record choosing silently:
 * - http_status: the payload's status is none the catalog documents for the code;
 * - pairing: the payload's module code is documented under another public code of the chosen
 *   service (the record carries the public code's entry);
 * - vendor: the rule that found the payload names another vendor than the chosen entry.
 */
import { codeFitsCatalog } from '../catalog/code-shape.js';
import type { CatalogEntry, Lang, LookupCandidate, Provenance, StatusVariant } from '../catalog/types.js';
import type { Detection } from '../detect/detect-payloads.js';
import { chooseCandidate, type Preference } from './choose-candidate.js';

export interface CandidateSummary {
  vendor: string;
  service: string;
  catalog: string;
  code: string | null;
  description: string | null;
  category: string;
}

export type Conflict = 'http_status' | 'pairing' | 'vendor';

export interface Enrichment {
  vendor: string;
  service: string;
  code: string;
  subcode?: string;
  http_status: number | null;
  message: string | null;
  request_id: string | null;
  known: boolean;
  fallback: string;
  description: string | null;
  category: string;
  retryable: boolean;
  remediation: string | null;
  rule: string;
  /** The documentation page of the entry the texts come from; null without an entry. */
  doc_url: string | null;
  /** Where the description and remediation (in the output language) come from. */
  provenance?: { description: Provenance; remediation: Provenance };
  /** What the catalog and the payload disagree on (see above); absent when they agree. */
  conflict?: Conflict[];
  code_desc?: string;
  candidates?: CandidateSummary[];
}

export interface EnrichOptions {
  lang: Lang;
  prefer: Preference;
}

export function buildEnrichment(d: Detection, hintsOf: () => ReadonlySet<string>, opts: EnrichOptions): Enrichment {
  const { chosen, service, others } = chooseCandidate(d.candidates, hintsOf, opts.prefer);
  const entry = chosen.entry;
  // A guess for a code that has not the shape of the catalog's codes (Huawei "VPC.0101" looked
  // up in the CCI and APIGW catalogs) says nothing about the service: keep the rule's.
  const guessed = chosen.fallback === 'guess' && !codeFitsCatalog(d.code, chosen.catalog);
  const variant = entry ? statusVariant(entry, d.http_status) : undefined;
  const reading = variant ?? chosen;
  const out: Enrichment = {
    vendor: chosen.vendor !== 'unknown' ? chosen.vendor : d.vendor,
    service: service !== 'unknown' && !guessed ? service : d.service,
    code: d.code,
    ...(d.subcode !== null ? { subcode: d.subcode } : {}),
    http_status: d.http_status ?? chosen.http_status ?? entry?.http_status ?? null,
    message: d.message,
    request_id: d.request_id,
    known: chosen.known,
    fallback: chosen.fallback,
    description: variant ? variant.description[opts.lang] : entry ? entry.description[opts.lang] : null,
    category: reading.category,
    retryable: reading.retryable,
    remediation: variant ? variant.remediation[opts.lang] : entry ? entry.remediation[opts.lang] : null,
    rule: d.rule,
    doc_url: entry?.doc_url ?? null,
  };
  if (variant) out.provenance = { description: 'project', remediation: 'project' };
  else if (entry?.provenance) {
    out.provenance = { description: entry.provenance.description[opts.lang], remediation: entry.provenance.remediation[opts.lang] };
  }
  const conflict = conflictsOf(d, chosen, service);
  if (conflict.length > 0) out.conflict = conflict;
  if (d.code_desc !== null) out.code_desc = d.code_desc;
  if (others.length > 0) out.candidates = others.map((c) => summarise(c, opts.lang));
  return out;
}

/** The documented reading of a code for the payload's status, when the status is not the entry's first. */
function statusVariant(entry: CatalogEntry, status: number | null): StatusVariant | undefined {
  if (status === null || status === entry.http_status) return undefined;
  return entry.statuses?.find((variant) => variant.http_status === status);
}

function conflictsOf(d: Detection, chosen: LookupCandidate, service: string): Conflict[] {
  const conflict: Conflict[] = [];
  const documented = chosen.entry
    ? [chosen.entry.http_status, ...(chosen.entry.statuses ?? []).map((variant) => variant.http_status)]
    : chosen.fallback === 'http_status'
      ? [chosen.http_status]
      : [];
  const statuses = documented.filter((status) => status !== null);
  if (d.http_status !== null && statuses.length > 0 && !statuses.includes(d.http_status)) conflict.push('http_status');
  if (chosen.unpaired_module && chosen.unpaired_module.service === service) conflict.push('pairing');
  if (chosen.vendor !== 'unknown' && d.vendor !== 'any' && d.vendor !== chosen.vendor) conflict.push('vendor');
  return conflict;
}

function summarise(c: LookupCandidate, lang: Lang): CandidateSummary {
  return {
    vendor: c.vendor,
    service: c.service,
    catalog: c.catalog,
    code: c.entry?.code ?? null,
    description: c.entry ? c.entry.description[lang] : null,
    category: c.category,
  };
}
