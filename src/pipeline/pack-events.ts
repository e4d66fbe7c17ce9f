/**
 * Framed events in a form that crosses a worker boundary cheaply: every event's undecoded line
 * bytes are copied once into one buffer (transferred, not cloned), and each event refers to its
 * range. Without this, structured clone would copy each line's whole backing chunk (a Buffer is a
 * view on a larger ArrayBuffer). Everything else in an event is plain data and is cloned as is.
 */
import type { FramedEvent } from '../framing/frame-events.js';

export interface PackedEvents {
  events: PackedEvent[];
  /** The events' line bytes, back to back. */
  bytes: Uint8Array;
}

export type PackedEvent = Omit<FramedEvent, 'bytes'> & { bytes: null; bytesAt?: [number, number] };

export function packEvents(events: readonly FramedEvent[]): PackedEvents {
  let total = 0;
  for (const ev of events) if (ev.bytes !== null) total += ev.bytes.length;
  // Its own ArrayBuffer (never a slice of Node's shared pool), so it can be transferred.
  const bytes = new Uint8Array(total);
  let at = 0;
  const packed = events.map((ev): PackedEvent => {
    if (ev.bytes === null) return { ...ev, bytes: null };
    bytes.set(ev.bytes, at);
    const range: [number, number] = [at, at + ev.bytes.length];
    at += ev.bytes.length;
    return { ...ev, bytes: null, bytesAt: range };
  });
  return { events: packed, bytes };
}

export function unpackEvents(p: PackedEvents): FramedEvent[] {
  const all = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  return p.events.map((pe) => {
    const { bytesAt, ...rest } = pe;
    return { ...rest, bytes: bytesAt ? all.subarray(bytesAt[0], bytesAt[1]) : null };
  });
}
