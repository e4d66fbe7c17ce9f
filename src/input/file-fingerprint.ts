/**
 * Is the file behind an open handle still the one we read? Size alone cannot tell: after
 * copytruncate a writer that regrows the file past the old size within one poll leaves a file
 * that is larger than the read position but holds new bytes from its start. Like Fluent Bit's
 * in_tail we also compare the file's first bytes: if the bytes we read from its start are no
 * longer there, it was truncated (or rewritten in place) and is read again from its start.
 * (Identity by inode, for rename-and-recreate rotation, is follow-files' scan.)
 */
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file's content. */
export const FINGERPRINT_BYTES = 256;

export interface Fingerprint {
  /** The first bytes of the file as read (up to FINGERPRINT_BYTES; fewer while the file is shorter). */
  head: Buffer;
}

/** Reads the fingerprint of the file as it is now (at most `upTo` bytes: never beyond what was read). */
export async function readFingerprint(fh: FileHandle, upTo: number): Promise<Fingerprint> {
  const want = Math.min(FINGERPRINT_BYTES, upTo);
  const head = Buffer.alloc(want);
  const { bytesRead } = await fh.read(head, 0, want, 0);
  return { head: head.subarray(0, bytesRead) };
}

/**
 * What happened to the file since we last read it, from its size and first bytes now:
 * - 'same': it only grew (or did not change);
 * - 'truncated': it is smaller than the read position, or its first bytes changed.
 */
export async function compareFingerprint(fh: FileHandle, known: Fingerprint, position: number, size: number): Promise<'same' | 'truncated'> {
  if (size < position) return 'truncated';
  if (known.head.length === 0) return 'same';
  const now = await readFingerprint(fh, known.head.length);
  return now.head.equals(known.head) ? 'same' : 'truncated';
}
