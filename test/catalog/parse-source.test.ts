import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SOURCE_DOCUMENTS,
  SourceFormatError,
  parseCkafkaModuleRows,
  parseHuaweiCciRows,
  parseNeteaseNcsRows,
  parseTencentLegacyCommonRows,
  parseTkeLegacyRows,
  parseTkeV3Rows,
} from '../../src/catalog/parse-source.js';
import { cellText, readSourceTables } from '../../src/catalog/read-source-tables.js';

const sourceText = (file: string): string => readFileSync(new URL(`../../data/sources/${file}`, import.meta.url), 'utf8');
const rowsOf = (id: string) => {
  const document = SOURCE_DOCUMENTS[id];
  if (!document) throw new Error(`no source document for ${id}`);
  return document.parse(sourceText(document.file));
};
const rowFor = (id: string, code: string) => rowsOf(id).find((row) => row.code === code);

describe('cellText', () => {
  it('turns Markdown links and HTML anchors into "text (url)"', () => {
    expect(cellText(' 请参考 [文档](https://a.example/x#cidr) 修改 ')).toBe('请参考 文档 (https://a.example/x#cidr) 修改');
    expect(cellText('请 <a href="https://b.example/w">提交工单</a> 联系')).toBe('请 提交工单 (https://b.example/w) 联系');
    expect(cellText('[文档 ](https://a.example/x)CIDR')).toBe('文档 (https://a.example/x)CIDR');
  });

  it('treats "-" and empty cells as absent', () => {
    expect(cellText('   -   ')).toBeUndefined();
    expect(cellText('')).toBeUndefined();
    expect(cellText('  ')).toBeUndefined();
  });
});

describe('readSourceTables', () => {
  it('joins a row broken over two lines', () => {
    const text = [
      '| 错误码  | 错误信息 | 错误描述 | 解决方案 |',
      '|---------|----------|----------|----------|',
      '| 4000458 | Invalid servicePort |  |  |',
      '| 4000459 | Namspace not',
      'found |          |          |',
      '| 4000460 | Invalid parameter type |  |  |',
    ].join('\n');
    const [table] = readSourceTables(text);
    expect(table?.rows.map((row) => row.cells.slice(0, 2))).toEqual([
      ['4000458', 'Invalid servicePort'],
      ['4000459', 'Namspace not found'],
      ['4000460', 'Invalid parameter type'],
    ]);
    expect(table?.rows[1]?.line).toBe(4);
  });

  it('joins a continuation line that holds the remaining cells', () => {
    const text = ['| a | b | c |', '|---|---|---|', '| 1 | x |', 'y |', '| 2 | z | w |'].join('\n');
    expect(readSourceTables(text)[0]?.rows.map((row) => row.cells)).toEqual([
      ['1', 'x', 'y'],
      ['2', 'z', 'w'],
    ]);
  });

  it('reads HTML tables with their heading, cells keeping links for cellText', () => {
    const text = '### 公共错误码\n<table>\n<tr><th>错误码</th><th>说明</th></tr>\n<tr>\n <td>4100</td>\n <td>见 <a href="https://x.example">签名方法</a></td>\n</tr>\n</table>\n';
    const [table] = readSourceTables(text);
    expect(table?.heading).toBe('公共错误码');
    expect(table?.header).toEqual(['错误码', '说明']);
    expect(table?.rows).toEqual([{ line: 4, cells: ['4100', '见 <a href="https://x.example">签名方法</a>'] }]);
  });

  it('finds the NetEase row 4000459 in the real document', () => {
    expect(rowFor('netease-ncs', '4000459')).toEqual({ code: '4000459', http_status: 400, message: 'Namspace not found' });
  });
});

describe('document parsers', () => {
  it('yields the documented number of codes per catalog', () => {
    const counts = Object.fromEntries(Object.keys(SOURCE_DOCUMENTS).map((id) => [id, rowsOf(id).length]));
    expect(counts).toEqual({
      'tencent-tke-legacy': 29,
      'tencent-tke-v3': 46,
      'tencent-legacy-common': 22,
      'tencent-ckafka': 28,
      'huawei-cci': 110,
      'netease-ncs': 159,
    });
  });

  it('yields no code twice within a catalog', () => {
    for (const id of Object.keys(SOURCE_DOCUMENTS)) {
      const codes = rowsOf(id).map((row) => row.code);
      expect(new Set(codes).size, id).toBe(codes.length);
    }
  });

  it('TKE legacy: negative codes as strings, links as text (url), "-" remediation absent', () => {
    expect(rowFor('tencent-tke-legacy', '-10010')).toEqual({
      code: '-10010',
      zh_description: '不是合法 CIDR',
      zh_remediation: '请参考 文档 (https://cloud.tencent.com/document/product/215/18509#cidr) CIDR 描述进行修改',
    });
    expect(rowFor('tencent-tke-legacy', '-222218')).toEqual({ code: '-222218', zh_description: '超过伸缩组最大值限制' });
  });

  it('TKE 3.0: both tables, one row per name, the public table text first', () => {
    const rows = parseTkeV3Rows(sourceText('tencent-tke-v3.md'));
    expect(rows.filter((row) => row.code === 'FailedOperation')).toEqual([{ code: 'FailedOperation', zh_description: '操作失败。' }]);
    expect(rows.find((row) => row.code === 'InternalError.CidrInvali')).toEqual({
      code: 'InternalError.CidrInvali',
      zh_description: 'CIDR无效。',
    });
    expect(rows.find((row) => row.code === 'AuthFailure.UnauthorizedOperation')?.zh_description).toBe(
      '请求未授权。请参考 CAM (https://intl.cloud.tencent.com/document/product/598) 文档对鉴权的说明。',
    );
  });

  it('CKafka document: the HTML table is tencent-legacy-common, the module table tencent-ckafka', () => {
    const text = sourceText('tencent-ckafka-legacy.md');
    expect(parseTencentLegacyCommonRows(text).find((row) => row.code === '4100')).toEqual({
      code: '4100',
      zh_description: '身份认证失败',
      zh_remediation: '身份认证失败，一般是由于签名计算错误导致的，请参考文档中 签名方法 (https://cloud.tencent.com/document/product/597/10081) 部分',
    });
    const modules = parseCkafkaModuleRows(text);
    expect(modules.find((row) => row.code === '10005')).toEqual({
      code: '10005',
      message: 'subnet not belong to zone',
      zh_description: '子网不属于该 zone',
      zh_remediation: '子网不属于这个可用区，请您确认子网的可用区',
      public_code: '4100',
    });
    expect(modules.find((row) => row.code === '9003')?.message).toBe('invalid request parameters');
    expect(modules.every((row) => /^\d{4}$/.test(row.public_code ?? ''))).toBe(true);
  });

  it('Huawei CCI: status, code, English message, zh description and remediation', () => {
    expect(parseHuaweiCciRows(sourceText('huawei-cci.md'))[0]).toEqual({
      code: 'CCI.01.400101',
      http_status: 400,
      message: 'request body error',
      zh_description: '请求错误: 请求体不合法',
      zh_remediation: '按接口文档排查请求体',
    });
    // The vendor's message is kept verbatim, double space included.
    expect(rowFor('huawei-cci', 'CCI.01.400304')?.message).toBe('storage request body  invaild');
  });

  it('NetEase: code, English message, status from the first three digits', () => {
    const rows = parseNeteaseNcsRows(sourceText('netease-ncs.md'));
    expect(rows.find((row) => row.code === '4290001')).toBeUndefined();
    expect(rows.find((row) => row.code === '5000500')).toEqual({ code: '5000500', http_status: 500, message: 'create failed.' });
    expect(rows.find((row) => row.code === '4150001')?.http_status).toBe(415);
  });

  it('fails loudly when a column the parser relies on is gone', () => {
    const text = '| 错误码 | 说明 |\n|---|---|\n| -10000 | 参数错误 |\n';
    expect(() => parseTkeLegacyRows(text)).toThrow(SourceFormatError);
    const renamed = '| 状态码 | 错误码 | 信息 |\n|--|--|--|\n|400|CCI.01.400101|x|\n';
    expect(() => parseHuaweiCciRows(renamed)).toThrow('table at line 1: no column "错误信息" (columns: 状态码 | 错误码 | 信息)');
  });
});
