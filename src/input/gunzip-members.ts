/**
 * Gzip decompression that keeps everything decoded when the file ends in something that is not
 * gzip (trailing garbage: an appended log line, a padded block, a half-copied second member).
 * Node's Gunzip reads concatenated members, but a non-gzip tail makes it fail and discard the
 * output of the whole chunk the tail arrived in. Here each member's header is parsed, its deflate
 * data inflated raw, its trailer (CRC-32, length) checked; after a member, the gzip magic starts
 * another one, zero bytes are padding, anything else is trailing garbage: ignored and reported
 * (`trailingGarbage`), as `gzip -d` does. A member cut short or damaged is still an error.
 * Output respects backpressure (a gzip bomb is never held in memory).
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { InflateRaw } from 'node:zlib';
import { loadZlib } from '../runtime/load-zlib.js';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

type State = 'header' | 'body' | 'trailer' | 'between' | 'garbage';

/**
 * Decoded bytes per output chunk: as much as a read from a plain file (FILE_READ_BYTES). zlib's
 * default (16 KiB) makes every stage after it pay its per-chunk work — the trigger scan's passes,
 * the UTF-8 check, a write — sixteen times as often.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;

export class GunzipMembers extends Transform {
  /** Bytes after the last member that were not gzip (0: none). */
  trailingGarbage = 0;
  private state: State = 'header';
  private pending: Buffer = Buffer.alloc(0);
  private inflate: InflateRaw | null = null;
  /** Deflate bytes fed to the current member's inflater. */
  private fed = 0;
  private crc = 0;
  private size = 0;
  private members = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.consume(chunk).then(() => cb(), cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.state === 'body' && this.inflate) {
      // Let the inflater finish what it has; a member that does not end is a truncated file.
      const inflate = this.inflate;
      // What it holds (paused for a slow reader) is output first: ending a member cut short is an
      // error that drops it, and the decoded bytes of a truncated file must not depend on the
      // reader's speed. (At most the inflater's buffer, past the reader's high-water mark.)
      while (inflate.read() !== null);
      inflate.end();
      inflate.once('end', () => cb(this.state === 'body' || this.state === 'trailer' ? truncated() : null));
      inflate.once('error', (e) => cb(e));
      return;
    }
    if (this.state === 'header' && this.members > 0 && this.pending.length === 0) return cb();
    if (this.state === 'header' || this.state === 'trailer') return cb(truncated());
    cb();
  }

  override _read(size: number): void {
    // The reader wants more: let a paused inflater go on producing.
    this.inflate?.resume();
    super._read(size);
  }

  private async consume(chunk: Buffer): Promise<void> {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (buf.length > 0) {
      switch (this.state) {
        case 'garbage':
          this.trailingGarbage += buf.length;
          return;
        case 'between': {
          let i = 0;
          while (i < buf.length && buf[i] === 0) i++; // zero padding after a member is fine
          buf = buf.subarray(i);
          if (buf.length === 0) return;
          if (buf[0] === 0x1f && (buf.length < 2 || buf[1] === 0x8b)) {
            this.state = 'header';
            continue;
          }
          this.state = 'garbage';
          continue;
        }
        case 'header': {
          const end = headerEnd(buf);
          if (end === -1) {
            this.pending = Buffer.from(buf);
            return;
          }
          if (end === -2) throw Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
          buf = buf.subarray(end);
          this.startMember();
          continue;
        }
        case 'body': {
          const left = await this.feed(buf);
          buf = left;
          continue;
        }
        case 'trailer': {
          if (buf.length < 8) {
            this.pending = Buffer.from(buf);
            return;
          }
          const crc = buf.readUInt32LE(0);
          const isize = buf.readUInt32LE(4);
          if (crc !== this.crc >>> 0 || isize !== this.size % 2 ** 32) throw Object.assign(new Error('incorrect data check'), { code: 'Z_DATA_ERROR' });
          this.members += 1;
          buf = buf.subarray(8);
          this.state = 'between';
          continue;
        }
      }
    }
  }

  private startMember(): void {
    const zlib = loadZlib();
    const inflate = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    this.inflate = inflate;
    this.fed = 0;
    this.crc = 0;
    this.size = 0;
    this.state = 'body';
    inflate.on('data', (d: Buffer) => {
      this.crc = zlib.crc32(d, this.crc);
      this.size += d.length;
      if (!this.push(d)) inflate.pause();
    });
  }

  /**
   * Feeds deflate bytes; resolves with what follows the member's end (empty if it did not end).
   * zlib consumes all the input it is given until the deflate data ends, so bytes it left
   * (`bytesWritten` counts the ones it consumed) mean the member ended; its output is complete
   * (and its CRC known) at the inflater's 'end', which waits for the reader.
   */
  private feed(buf: Buffer): Promise<Buffer> {
    const inflate = this.inflate!;
    this.fed += buf.length;
    return new Promise((resolve, reject) => {
      inflate.once('error', reject);
      inflate.write(buf, (err) => {
        if (err) return; // 'error' rejects
        const rest = this.fed - inflate.bytesWritten;
        if (rest === 0) {
          inflate.off('error', reject);
          return resolve(Buffer.alloc(0));
        }
        const ended = () => {
          inflate.off('error', reject);
          this.inflate = null;
          this.state = 'trailer';
          resolve(buf.subarray(buf.length - rest));
        };
        if (inflate.readableEnded) ended();
        else inflate.once('end', ended);
      });
    });
  }
}

function truncated(): Error {
  return Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' });
}

/** Where a gzip member's header ends in `b`; -1: need more bytes; -2: not a gzip header. */
function headerEnd(b: Buffer): number {
  if (b.length < 10) return b.length >= 2 && (b[0] !== 0x1f || b[1] !== 0x8b) ? -2 : -1;
  if (b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return -2;
  const flg = b[3]!;
  let at = 10;
  if (flg & FEXTRA) {
    if (b.length < at + 2) return -1;
    at += 2 + b.readUInt16LE(at);
  }
  for (const bit of [FNAME, FCOMMENT]) {
    if (flg & bit) {
      const zero = b.indexOf(0, at);
      if (zero === -1) return -1;
      at = zero + 1;
    }
  }
  if (flg & FHCRC) at += 2;
  return at <= b.length ? at : -1;
}
