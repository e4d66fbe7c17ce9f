/**
 * Detection + chosen catalog candidate → the enrichment object written under the target field.
 */
import { codeFitsCatalog } from '../catalog/code-shape.js';
import type { Lang, LookupCandidate } from '../catalog/types.js';
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
    description: entry ? entry.description[opts.lang] : null,
    category: chosen.category,
    retryable: chosen.retryable,
    remediation: entry ? entry.remediation[opts.lang] : null,
    rule: d.rule,
  };
  if (d.code_desc !== null) out.code_desc = d.code_desc;
  if (others.length > 0) out.candidates = others.map((c) => summarise(c, opts.lang));
  return out;
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
