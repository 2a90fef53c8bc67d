// A JSON answer made once and sent many times: its text, bytes, strong entity tag and compressed forms are computed
// at most once each, so a hot read costs the server no serialising, hashing or compressing (the catalogue's read
// model keeps its answers as these until the data under them changes).
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type AnswerEncoding = 'br' | 'gzip';

export class JsonAnswer {
  readonly bytes: Buffer;
  readonly etag: string;
  private readonly encoded = new Map<AnswerEncoding, Buffer>();

  /**
   * @param current whether this answer is still the true one (its maker knows: the data under it and the clock have
   *   not moved on): while it is, the HTTP layer may send it again for the same URL without asking the maker.
   */
  constructor(
    value: unknown,
    readonly current: () => boolean = () => false,
  ) {
    this.bytes = Buffer.from(JSON.stringify(value));
    this.etag = `"${createHash('sha1').update(this.bytes).digest('base64url')}"`;
  }

  /** The bytes compressed with `encoding`, made on first use (brotli at the quality the app's middleware uses). */
  encodedAs(encoding: AnswerEncoding): Buffer {
    let out = this.encoded.get(encoding);
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(this.bytes, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: this.bytes.length },
            })
          : gzipSync(this.bytes);
      this.encoded.set(encoding, out);
    }
    return out;
  }
}
