/**
 * What `--file` names: an https URL, or a local PDF or image recorded by its real path and the
 * SHA-256 of its content. A local file is opened once and checked, read and hashed through
 * that one handle, so a file swapped or grown after the checks cannot slip through.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../../lib/errors';
import { httpsUrl, validate } from '../../lib/validation';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** medicinal_documents.file_url is varchar(2048). */
const MAX_URL_LENGTH = 2048;

export type FileFormat = 'pdf' | 'png' | 'jpeg' | 'webp' | 'heic';

export interface CheckedFile {
  fileUrl: string;
  /** Hex SHA-256 of a local file's content; null for a URL. */
  fileSha256: string | null;
  /** The format its first bytes announce; null for a URL (not fetched). */
  format: FileFormat | null;
}

/** ISO-BMFF brands of HEIC/HEIF still images (ISO/IEC 23008-12). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

/** The format announced by a file's first bytes (its magic number), if it is one we accept. */
export function sniffFormat(head: Buffer): FileFormat | null {
  const ascii = (start: number, end: number) => head.subarray(start, end).toString('latin1');
  if (ascii(0, 5) === '%PDF-') return 'pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'heic';
  return null;
}

/** A scheme followed by "//": the person meant a URL, not a file name. */
function looksLikeUrl(reference: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference);
}

export async function checkDocumentFile(reference: string): Promise<CheckedFile> {
  const trimmed = reference.trim();
  if (looksLikeUrl(trimmed)) {
    return { fileUrl: validate(httpsUrl, trimmed, { '': '--file' }), fileSha256: null, format: null };
  }
  return checkLocalFile(trimmed);
}

async function checkLocalFile(given: string): Promise<CheckedFile> {
  const resolved = path.resolve(given);
  let real: string;
  try {
    real = await fs.promises.realpath(resolved);
  } catch (error) {
    throw fileError(error, resolved);
  }
  // stat before open: opening a FIFO or device could block or have side effects.
  const stat = await fs.promises.stat(real).catch((error: unknown) => {
    throw fileError(error, resolved);
  });
  if (!stat.isFile()) throw new ValidationError(`--file: ${resolved} is not a regular file`);

  const fileUrl = pathToFileURL(real).href;
  if (fileUrl.length > MAX_URL_LENGTH) throw new ValidationError(`--file: the path of ${resolved} is too long (at most ${MAX_URL_LENGTH} characters as a file:// URL)`);

  const handle = await fs.promises.open(real, 'r').catch((error: unknown) => {
    throw fileError(error, resolved);
  });
  try {
    const size = (await handle.stat()).size;
    if (size > MAX_FILE_BYTES) throw tooLarge(resolved, size);
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const format = sniffFormat(head.subarray(0, bytesRead));
    if (!format) throw new ValidationError(`--file: ${resolved} is not a PDF or an image (PNG, JPEG, WEBP, HEIC)`);
    return { fileUrl, fileSha256: await sha256(handle, resolved), format };
  } finally {
    await handle.close();
  }
}

async function sha256(handle: fs.promises.FileHandle, shown: string): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(handle.createReadStream({ start: 0, autoClose: false }), async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      // The file may have grown since it was measured.
      if (bytes > MAX_FILE_BYTES) throw tooLarge(shown, bytes);
      hash.update(chunk);
    }
  });
  return hash.digest('hex');
}

function tooLarge(shown: string, bytes: number): ValidationError {
  return new ValidationError(`--file: ${shown} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
}

function fileError(error: unknown, shown: string): ValidationError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ValidationError(`--file: no such file ${shown}`);
  if (code === 'EACCES' || code === 'EPERM') return new ValidationError(`--file: cannot read ${shown} (permission denied)`);
  return new ValidationError(`--file: cannot read ${shown} (${code ?? (error as Error).message})`);
}
