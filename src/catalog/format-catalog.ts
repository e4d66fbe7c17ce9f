/**
 * Text and JSON renderings of catalog knowledge for the CLI (`explain`, `catalog list`,
 * `catalog stats`). Pure: values in, string out; the caller writes it.
 */
import {
  CATEGORIES,
  type CatalogEntry,
  type CatalogSet,
  type Category,
  type CategoryEvidence,
  type Lang,
  type LookupCandidate,
  type LookupFallback,
  type Provenance,
  type UnpairedModule,
} from './types.js';

export interface ExplanationOptions {
  lang: Lang;
  /** JSON: the candidates as an array, unchanged. */
  json?: boolean;
}

export interface CatalogListOptions {
  vendor?: string;
  category?: string;
  json?: boolean;
  /** Language of the short description; default en. */
  lang?: Lang;
}

export interface CatalogStatsOptions {
  json?: boolean;
}

type Label = 'match' | 'http' | 'category' | 'evidence' | 'retryable' | 'description' | 'remediation' | 'message' | 'provenance' | 'source' | 'statuses' | 'pairing';

const LABELS: Record<Lang, Record<Label, string>> = {
  en: {
    match: 'match',
    http: 'HTTP status',
    category: 'category',
    evidence: 'category from',
    retryable: 'retryable',
    description: 'description',
    remediation: 'remediation',
    message: 'message',
    provenance: 'texts from',
    source: 'source',
    statuses: 'other statuses',
    pairing: 'pairing',
  },
  zh: {
    match: '匹配方式',
    http: 'HTTP 状态码',
    category: '类别',
    evidence: '类别依据',
    retryable: '可重试',
    description: '说明',
    remediation: '处理措施',
    message: '厂商原文',
    provenance: '文字出处',
    source: '来源',
    statuses: '其他状态码',
    pairing: '配对',
  },
};

const PROVENANCE_TEXT: Record<Lang, Record<Provenance, string>> = {
  en: {
    vendor_document: "the vendor's error-code document",
    vendor_page: "the vendor's page",
    project: 'written by errenrich',
    'vendor_document+project': "the vendor's document, with errenrich's supplement",
  },
  zh: {
    vendor_document: '厂商错误码文档',
    vendor_page: '厂商网页',
    project: 'errenrich 编写',
    'vendor_document+project': '厂商文档，附 errenrich 补充',
  },
};

const FALLBACK_TEXT: Record<Lang, Record<LookupFallback, string>> = {
  en: {
    exact: 'known code',
    module: 'Tencent module code from the message',
    public: 'Tencent public code (module code not in the catalogs)',
    parent: 'parent code (this code itself is not in the catalogs)',
    http_status: 'unknown code that encodes an HTTP status',
    guess: 'unknown code',
    message: 'no code in the payload; inferred from the vendor message',
  },
  zh: {
    exact: '已知错误码',
    module: '消息中的腾讯模块错误码',
    public: '腾讯公共错误码（模块错误码不在目录中）',
    parent: '上级错误码（该错误码本身不在目录中）',
    http_status: '包含 HTTP 状态码的未知错误码',
    guess: '未知错误码',
    message: '载荷中无错误码；由厂商消息文本推断',
  },
};

const WORDS: Record<Lang, { yes: string; no: string; none: string; unknownCode: string; noCandidates: string; candidates: (n: number) => string }> = {
  en: {
    yes: 'yes',
    no: 'no',
    none: '-',
    unknownCode: '(not in the catalogs)',
    noCandidates: 'no candidates',
    candidates: (n) => `${n} candidates, best first:`,
  },
  zh: {
    yes: '是',
    no: '否',
    none: '-',
    unknownCode: '（目录中没有此错误码）',
    noCandidates: '没有候选结果',
    candidates: (n) => `${n} 个候选结果，最可能的在前：`,
  },
};

/** What the catalogs say about a looked-up code, every candidate, in the chosen language. */
export function formatExplanation(candidates: readonly LookupCandidate[], options: ExplanationOptions): string {
  if (options.json) return `${JSON.stringify(candidates, null, 2)}\n`;
  const words = WORDS[options.lang];
  if (candidates.length === 0) return `${words.noCandidates}\n`;
  const explained = candidates.map((candidate, index) =>
    explainCandidate(candidate, options.lang, candidates.length > 1 ? `${index + 1}. ` : ''),
  );
  // The same column for every candidate, whichever rows it has.
  const width = Math.max(...explained.flatMap(({ rows }) => rows.map(([label]) => displayWidth(label))));
  const blocks = explained.map(({ title, rows }) => `${[title, ...rows.map(([label, value]) => `  ${padEnd(label, width)}  ${value}`)].join('\n')}\n`);
  const heading = candidates.length > 1 ? `${words.candidates(candidates.length)}\n\n` : '';
  return `${heading}${blocks.join('\n')}`;
}

function explainCandidate(candidate: LookupCandidate, lang: Lang, prefix: string): { title: string; rows: [string, string][] } {
  const labels = LABELS[lang];
  const words = WORDS[lang];
  const entry = candidate.entry;
  const looked = candidate.code ?? entry?.code ?? '?';
  const shown = entry && entry.code !== looked ? `${entry.code} (${looked})` : looked;
  const title = `${prefix}${shown}  ${candidate.vendor}/${candidate.service}  [${candidate.catalog}]`;
  const rows: [string, string][] = [
    [labels.match, FALLBACK_TEXT[lang][candidate.fallback]],
    [labels.http, candidate.http_status === null ? words.none : String(candidate.http_status)],
    [labels.category, candidate.category],
  ];
  if (candidate.evidence) rows.push([labels.evidence, evidenceText(candidate.evidence, lang)]);
  rows.push([labels.retryable, candidate.retryable ? words.yes : words.no]);
  rows.push([labels.description, entry ? entry.description[lang] : words.unknownCode]);
  if (candidate.unpaired_module) rows.push([labels.pairing, pairingText(candidate.unpaired_module, lang)]);
  if (entry) {
    rows.push([labels.remediation, entry.remediation[lang]]);
    if (entry.message !== undefined) rows.push([labels.message, entry.message]);
    for (const variant of entry.statuses ?? []) {
      const retry = variant.retryable ? words.yes : words.no;
      rows.push([labels.statuses, `${variant.http_status} ${variant.message ?? ''} ${variant.category}, ${labels.retryable} ${retry}: ${variant.description[lang]}`]);
    }
    if (entry.provenance) {
      const from = PROVENANCE_TEXT[lang];
      const said = lang === 'zh' ? ['说明', '处理措施'] : ['description', 'remediation'];
      rows.push([labels.provenance, `${said[0]}: ${from[entry.provenance.description[lang]]}; ${said[1]}: ${from[entry.provenance.remediation[lang]]}`]);
    }
    rows.push([labels.source, entry.doc_url]);
  }
  return { title, rows };
}

function evidenceText(evidence: CategoryEvidence, lang: Lang): string {
  const scope = evidence.scope ?? '';
  if (evidence.basis === 'entries') {
    const clear = evidence.agreeing * 2 > evidence.entries;
    const byStatus = scope.startsWith('http_status ');
    const share = `${evidence.agreeing} in the largest category${clear ? '' : ': no clear majority'}`;
    if (lang === 'zh') {
      const where = byStatus ? `目录中 ${scope} 的` : `目录中 ${scope} 下的`;
      return `${where} ${evidence.entries} 个条目（${evidence.agreeing} 个属于最多的类别${clear ? '' : '，没有明确多数'}）`;
    }
    return `${evidence.entries} catalog entries ${byStatus ? 'with' : 'under'} ${scope} (${share})`;
  }
  if (evidence.basis === 'prefix') return lang === 'zh' ? `前缀 ${scope} 的厂商定义` : `the vendor's meaning of the prefix ${scope}`;
  if (evidence.basis === 'http_status') return lang === 'zh' ? `HTTP 状态码（${scope}）` : `the HTTP status (${scope})`;
  return lang === 'zh' ? '无依据' : 'nothing';
}

function pairingText(unpaired: UnpairedModule, lang: Lang): string {
  if (lang === 'zh') return `模块错误码 ${unpaired.module_code} 在 ${unpaired.catalog} 中与公共错误码 ${unpaired.documented_public_code} 配对，不是本错误码`;
  return `module code ${unpaired.module_code} is documented in ${unpaired.catalog} under public code ${unpaired.documented_public_code}, not this one`;
}

/** One line per entry: code, vendor/service, category, retryable, short description. */
export function formatCatalogList(entries: readonly CatalogEntry[], options: CatalogListOptions = {}): string {
  const selected = entries.filter(
    (entry) =>
      (options.vendor === undefined || entry.vendor === options.vendor) &&
      (options.category === undefined || entry.category === options.category),
  );
  if (options.json) return `${JSON.stringify(selected, null, 2)}\n`;
  const lang = options.lang ?? 'en';
  const codeWidth = Math.max(0, ...selected.map((entry) => displayWidth(entry.code)));
  const ownerWidth = Math.max(0, ...selected.map((entry) => displayWidth(`${entry.vendor}/${entry.service}`)));
  const categoryWidth = Math.max(...CATEGORIES.map((category) => category.length));
  return selected
    .map(
      (entry) =>
        `${[
          padEnd(entry.code, codeWidth),
          padEnd(`${entry.vendor}/${entry.service}`, ownerWidth),
          padEnd(entry.category, categoryWidth),
          entry.retryable ? 'retryable' : 'final    ',
          shorten(entry.description[lang], 60),
        ].join('  ')}\n`,
    )
    .join('');
}

export interface CatalogStats {
  total: number;
  catalogs: { id: string; vendor: string; service: string; version: string; from_seed: boolean; file: string; entries: number }[];
  vendors: Record<string, number>;
  categories: Record<Category, number>;
}

/** Numbers per catalog, vendor and category; entries shared through user overrides count once. */
export function catalogStats(set: CatalogSet): CatalogStats {
  const unique = new Set(set.catalogs.flatMap((catalog) => catalog.entries));
  // A Map, then own properties: a vendor named "__proto__" or "constructor" is counted as data.
  const vendors = new Map<string, number>();
  const categories = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  for (const entry of unique) {
    vendors.set(entry.vendor, (vendors.get(entry.vendor) ?? 0) + 1);
    categories[entry.category] += 1;
  }
  return {
    total: unique.size,
    catalogs: set.catalogs.map((catalog) => ({
      id: catalog.id,
      vendor: catalog.vendor,
      service: catalog.service,
      version: catalog.version,
      from_seed: catalog.from_seed,
      file: catalog.file,
      entries: catalog.entries.length,
    })),
    vendors: Object.fromEntries(vendors),
    categories,
  };
}

export function formatCatalogStats(set: CatalogSet, options: CatalogStatsOptions = {}): string {
  const stats = catalogStats(set);
  if (options.json) return `${JSON.stringify(stats, null, 2)}\n`;
  const seeds = stats.catalogs.filter((catalog) => catalog.from_seed).length;
  const idWidth = Math.max(0, ...stats.catalogs.map((catalog) => catalog.id.length));
  const ownerWidth = Math.max(0, ...stats.catalogs.map((catalog) => `${catalog.vendor}/${catalog.service}`.length));
  const countWidth = String(stats.total).length;
  const lines = [
    `${stats.total} codes in ${stats.catalogs.length} catalogs (${seeds} from the seed documents)`,
    '',
    'per catalog:',
    ...stats.catalogs.map(
      (catalog) =>
        `  ${catalog.id.padEnd(idWidth)}  ${`${catalog.vendor}/${catalog.service}`.padEnd(ownerWidth)}  ${String(catalog.entries).padStart(countWidth)}  ${catalog.from_seed ? 'seed    ' : 'not seed'}  ${catalog.version}  ${catalog.file}`,
    ),
    '',
    'per vendor:',
    ...Object.entries(stats.vendors).map(([vendor, count]) => `  ${vendor.padEnd(idWidth)}  ${String(count).padStart(countWidth)}`),
    '',
    'per category:',
    ...CATEGORIES.filter((category) => stats.categories[category] > 0).map(
      (category) => `  ${category.padEnd(idWidth)}  ${String(stats.categories[category]).padStart(countWidth)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Terminal columns: East Asian wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function shorten(text: string, width: number): string {
  const line = text.split('\n', 1)[0] ?? '';
  if (displayWidth(line) <= width) return line;
  let result = '';
  for (const char of line) {
    if (displayWidth(result + char) > width - 1) break;
    result += char;
  }
  return `${result}…`;
}
