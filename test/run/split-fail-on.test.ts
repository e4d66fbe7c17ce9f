/**
 * --fail-on on one file read in pieces: the exit code is --jobs 1's. A piece's worker starts with a
 * fresh framer, so the lines before the hand-over (which the piece before reads, framed as one
 * event with the lines before them) may be framed otherwise and match --fail-on on their own; such
 * a match must not hide a real one after the hand-over.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';
import { run } from './split-corpus.js';

afterAll(removeTempDirs);

// Synthetic lines in the Tencent Python SDK's exception format.
const sdkError = (code: string) =>
  `tencentcloud.common.exception.tencent_cloud_sdk_exception.TencentCloudSDKException: [TencentCloudSDKException] code:${code} message:m requestId:r-1`;

describe('--fail-on with one file in pieces', () => {
  it('a match before the hand-over that only the next piece sees does not hide a match after it', async () => {
    // With --jobs 1 the XML error body (lines 2 to 5) is one event whose text rule reads the first
    // code only (InvalidParameter: not a permission error); the second piece starts at line 4 and
    // sees UnauthorizedOperation there on its own. The only permission error of the file is line 7.
    const head = ['filler', '<Error>', sdkError('InvalidParameter')];
    const tail = [sdkError('UnauthorizedOperation'), '</Error>', 'plain after', sdkError('UnauthorizedOperation'), 'tail'];
    const tailText = tail.join('\n') + '\n';
    // The first line padded so that the second of two pieces starts exactly at the tail.
    head[0] += 'x'.repeat(Math.max(0, tailText.length + 1 - (head.join('\n') + '\n').length));
    const text = head.join('\n') + '\n' + tailText;
    const file = join(tempDir(), 'fail-on.log');
    writeFileSync(file, text);

    const one = await run(['--jobs', '1', '--fail-on', 'permission', file]);
    expect(one.code, one.stderr).toBe(3);
    const pieces = await run(['--jobs', '2', '--verbose', '--fail-on', 'permission', file], { ERRENRICH_TEST_PIECE_BYTES: String(Math.floor(text.length / 2)) });
    expect(pieces.stderr).toMatch(/read in 2 pieces by 2 workers/);
    expect(pieces.stdout === one.stdout).toBe(true);
    expect(pieces.code, pieces.stderr).toBe(3);
  }, 60_000);
});
