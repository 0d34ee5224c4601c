/**
 * Files a command writes (--output): a file-system refusal is the user's input being wrong
 * (no such folder, not a folder, no permission), so it becomes a ValidationError naming the
 * flag, never an uncaught stream error.
 */
import { ValidationError } from './errors';

export function cannotWrite(flag: string, file: string, error: unknown): ValidationError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
  };
  const reason = (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
  return new ValidationError(`${flag}: cannot write ${file}: ${reason}`, { cause: error });
}
