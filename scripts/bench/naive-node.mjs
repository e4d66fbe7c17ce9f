#!/usr/bin/env node
/**
 * The naive ceiling of a Node JSON log pipeline, for `npm run bench`.
 *
 *   node scripts/bench/naive-node.mjs [FILE] > out      (stdin when no FILE or FILE is "-")
 *
 * Splits the input into lines with split2, and for every line that starts with `{` does
 * JSON.stringify(JSON.parse(line)); every other line (and every `{` line that does not parse, e.g.
 * one line of pretty-printed JSON) is passed through as it is. No detection, no enrichment, no
 * framing: this is what any Node tool that touches every JSON record pays at least. Output is
 * batched into ~64 KiB writes so that the per-line stream overhead stays out of the figure as far
 * as a plain split2 pipeline allows.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';

const FLUSH_CHARS = 64 * 1024;

function reserialise() {
  let out = '';
  return new Transform({
    writableObjectMode: true,
    transform(line, _enc, cb) {
      if (line.charCodeAt(0) === 0x7b /* { */) {
        try {
          out += JSON.stringify(JSON.parse(line));
        } catch {
          out += line;
        }
      } else {
        out += line;
      }
      out += '\n';
      if (out.length >= FLUSH_CHARS) {
        this.push(out);
        out = '';
      }
      cb();
    },
    flush(cb) {
      if (out.length > 0) this.push(out);
      out = '';
      cb();
    },
  });
}

const file = process.argv[2];
const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// split2 default: splits on /\r?\n/, skips the empty string after a final newline.
await pipeline(input, split2(), reserialise(), process.stdout);
