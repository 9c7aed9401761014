/**
 * Reads a MaxMind DB (MMDB, https://maxmind.github.io/MaxMind-DB/) by offset, a few pages at a time,
 * instead of holding the file in memory: the maxmind package needs the whole file as one Buffer (the
 * 63 MB DB-IP City IPv4 file was most of a scanning process's memory, and reading it a tenth of a
 * `vigil scan`'s start). A lookup walks at most 32 (IPv4) or 128 (IPv6) tree nodes and decodes one
 * record; pages stay cached, so the top of the tree is read once.
 */
import type { CsvBytes } from "./asn-index.js";

export type MmdbValue = string | number | bigint | boolean | Buffer | MmdbValue[] | { [key: string]: MmdbValue };

const PAGE_BYTES = 4096;
const CACHED_PAGES = 512;
const METADATA_MARKER = Buffer.from("abcdef4d61784d696e642e636f6d", "hex");
const METADATA_SEARCH_BYTES = 128 * 1024;
const DATA_SEPARATOR_BYTES = 16;
/**
 * Decoded records kept by their offset in the data section. A record is stored once for every network
 * of its city, so many addresses share it (of random public addresses, more than half find theirs among
 * 8,192): a hit skips the decoding and the data-section pages it reads (the record's, its city name's,
 * its keys'; ~1.4 page misses of a lookup's ~5). Emptied when full, as the geo lookup's address cache.
 */
const CACHED_RECORDS = 8192;

/**
 * Pages of a byte source in a direct-mapped cache: page i lives in slot i mod CACHED_PAGES. A lookup
 * touches ~25 pages, and random addresses miss on most of the deep ones (the IPv4 tree is 44 MB): a
 * hit costs an array read instead of an LRU's reordering, and a miss reads into the buffer of the page
 * it replaces instead of a new one. The top of the tree, touched by every lookup, is rarely displaced.
 */
class PagedBytes {
  private readonly tags = new Int32Array(CACHED_PAGES).fill(-1);
  private readonly pages: Array<Buffer | undefined> = new Array<Buffer | undefined>(CACHED_PAGES);

  constructor(private readonly source: CsvBytes) {}

  /** `length` bytes from `offset`; a copy only when they span pages. */
  bytes(offset: number, length: number): Buffer {
    const page = Math.floor(offset / PAGE_BYTES);
    const start = offset - page * PAGE_BYTES;
    if (start + length > PAGE_BYTES) return this.source.read(offset, length);
    return this.page(page).subarray(start, start + length);
  }

  byte(offset: number): number {
    const page = Math.floor(offset / PAGE_BYTES);
    return this.page(page)[offset - page * PAGE_BYTES];
  }

  /** The page holding `offset`. */
  pageAt(offset: number): Buffer {
    return this.page(Math.floor(offset / PAGE_BYTES));
  }

  private page(index: number): Buffer {
    const slot = index % CACHED_PAGES;
    if (this.tags[slot] === index) return this.pages[slot]!;
    const offset = index * PAGE_BYTES;
    const length = Math.min(PAGE_BYTES, this.source.size - offset);
    let page = this.pages[slot];
    // The decoder reads the views it gets at once, so no view of the page replaced outlives this.
    if (page && page.length === length && this.source.readInto) this.source.readInto(page, offset);
    else page = this.source.read(offset, length);
    this.pages[slot] = page;
    this.tags[slot] = index;
    return page;
  }
}

/** Decodes the data section's values (the spec's "Data Section Format"). */
class Decoder {
  constructor(
    private readonly bytes: PagedBytes,
    /** Where the values' pointers count from. */
    private readonly base: number,
  ) {}

  /** The value at `offset` and the offset after it. */
  decode(offset: number): [MmdbValue, number] {
    const control = this.bytes.byte(offset++);
    let type = control >> 5;
    if (type === 1) return this.pointer(control, offset);
    if (type === 0) type = 7 + this.bytes.byte(offset++);
    let size = control & 0x1f;
    if (size >= 29) {
      const extra = size - 28;
      const value = this.unsigned(offset, extra);
      offset += extra;
      size = [0, 29, 285, 65_821][extra] + value;
    }
    switch (type) {
      case 2:
        return [this.bytes.bytes(offset, size).toString("utf8"), offset + size];
      case 3:
        return [this.bytes.bytes(offset, 8).readDoubleBE(0), offset + 8];
      case 4:
        return [Buffer.from(this.bytes.bytes(offset, size)), offset + size];
      case 5:
      case 6:
        return [this.unsigned(offset, size), offset + size];
      case 7: {
        const map: { [key: string]: MmdbValue } = {};
        for (let i = 0; i < size; i++) {
          const [key, afterKey] = this.decode(offset);
          const [value, afterValue] = this.decode(afterKey);
          map[String(key)] = value;
          offset = afterValue;
        }
        return [map, offset];
      }
      case 8:
        return [size === 0 ? 0 : this.bytes.bytes(offset, size).readIntBE(0, size), offset + size];
      case 9:
      case 10: {
        let value = BigInt(0);
        for (let i = 0; i < size; i++) value = (value << BigInt(8)) | BigInt(this.bytes.byte(offset + i));
        return [value, offset + size];
      }
      case 11: {
        const array: MmdbValue[] = [];
        for (let i = 0; i < size; i++) {
          const [value, after] = this.decode(offset);
          array.push(value);
          offset = after;
        }
        return [array, offset];
      }
      case 14:
        return [size !== 0, offset];
      case 15:
        return [this.bytes.bytes(offset, 4).readFloatBE(0), offset + 4];
      default:
        throw new Error(`MMDB: unknown data type ${type} at byte ${offset - 1}`);
    }
  }

  /** A pointer's target value; decoding goes on after the pointer, not after its target. */
  private pointer(control: number, offset: number): [MmdbValue, number] {
    const size = ((control >> 3) & 3) + 1;
    const low = control & 7;
    const target =
      size === 4 ? this.unsigned(offset, 4) : (low * 2 ** (8 * size) + this.unsigned(offset, size) + [0, 0, 2048, 526_336][size]);
    return [this.decode(this.base + target)[0], offset + size];
  }

  private unsigned(offset: number, length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 256 + this.bytes.byte(offset + i);
    return value;
  }
}

export class MmdbReader {
  private readonly bytes: PagedBytes;
  private readonly decoder: Decoder;
  private readonly nodeCount: number;
  private readonly recordSize: number;
  private readonly nodeBytes: number;
  private readonly treeBytes: number;
  private readonly ipv4Start: number;
  private readonly records = new Map<number, MmdbValue>();
  readonly metadata: { [key: string]: MmdbValue };

  constructor(source: CsvBytes) {
    this.bytes = new PagedBytes(source);
    const searchFrom = Math.max(0, source.size - METADATA_SEARCH_BYTES);
    const tail = source.read(searchFrom, source.size - searchFrom);
    const marker = tail.lastIndexOf(METADATA_MARKER);
    if (marker < 0) throw new Error("MMDB: no metadata (not a MaxMind DB file)");
    const metadataStart = searchFrom + marker + METADATA_MARKER.length;
    this.metadata = new Decoder(this.bytes, metadataStart).decode(metadataStart)[0] as { [key: string]: MmdbValue };
    this.nodeCount = Number(this.metadata.node_count);
    this.recordSize = Number(this.metadata.record_size);
    if (![24, 28, 32].includes(this.recordSize)) throw new Error(`MMDB: unsupported record size ${this.recordSize}`);
    this.nodeBytes = this.recordSize / 4;
    this.treeBytes = this.nodeCount * this.nodeBytes;
    this.decoder = new Decoder(this.bytes, this.treeBytes + DATA_SEPARATOR_BYTES);
    // An IPv6 tree holds IPv4 addresses under ::/96.
    let node = 0;
    if (Number(this.metadata.ip_version) === 6) for (let i = 0; i < 96 && node < this.nodeCount; i++) node = this.record(node, 0);
    this.ipv4Start = node;
  }

  /**
   * The record of an address given as 32-bit words (one for IPv4, four for IPv6, most significant
   * first), or null when the database holds none for it. Addresses of one record get the same value:
   * callers read it, never change it.
   */
  get(words: ArrayLike<number>, family: 4 | 6): MmdbValue | null {
    let node = family === 4 ? this.ipv4Start : 0;
    const bits = family === 4 ? 32 : 128;
    if (family === 6 && Number(this.metadata.ip_version) === 4) return null;
    for (let depth = 0; depth < bits && node < this.nodeCount; depth++) {
      const word = words[depth >>> 5];
      node = this.record(node, (word >>> (31 - (depth & 31))) & 1);
    }
    if (node <= this.nodeCount) return null;
    const offset = node - this.nodeCount + this.treeBytes;
    let record = this.records.get(offset);
    if (record === undefined) {
      record = this.decoder.decode(offset)[0];
      if (this.records.size >= CACHED_RECORDS) this.records.clear();
      this.records.set(offset, record);
    }
    return record;
  }

  private record(node: number, side: number): number {
    const at = node * this.nodeBytes;
    const start = at % PAGE_BYTES;
    // A node within one page is read in place (most are); one across two is copied out.
    const within = start + this.nodeBytes <= PAGE_BYTES;
    const b = within ? this.bytes.pageAt(at) : this.bytes.bytes(at, this.nodeBytes);
    const i = within ? start : 0;
    switch (this.recordSize) {
      case 24:
        return side === 0 ? (b[i] << 16) | (b[i + 1] << 8) | b[i + 2] : (b[i + 3] << 16) | (b[i + 4] << 8) | b[i + 5];
      case 28:
        return side === 0 ? ((b[i + 3] & 0xf0) << 20) | (b[i] << 16) | (b[i + 1] << 8) | b[i + 2] : ((b[i + 3] & 0x0f) << 24) | (b[i + 4] << 16) | (b[i + 5] << 8) | b[i + 6];
      default:
        return side === 0 ? b.readUInt32BE(i) : b.readUInt32BE(i + 4);
    }
  }
}
