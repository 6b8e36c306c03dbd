/**
 * DATA_DIR as the local index sees it: checked before use (a file, or a path under a file, is
 * named as such), and file-system failures while writing a generation turned into one clear
 * line — read-only file system, no permission, disk full — that says the previous index is
 * unchanged. Without this they surface as "Something went wrong on our side".
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DataDirError } from '../../errors.ts';

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

/** The first part of `path` (itself or an ancestor) that exists and is not a folder, if any. */
async function fileInTheWay(path: string): Promise<string | undefined> {
  let current = resolve(path);
  for (;;) {
    try {
      return (await stat(current)).isDirectory() ? undefined : current;
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') return undefined;
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Throws DATA_DIR_INVALID when DATA_DIR is a file or lies under one; a missing folder is fine. */
export async function checkDataDir(dataDir: string): Promise<void> {
  const blocker = await fileInTheWay(dataDir);
  if (blocker === undefined) return;
  const where = blocker === resolve(dataDir) ? `${dataDir} is a file, not a folder` : `${dataDir} is under ${blocker}, which is a file, not a folder`;
  throw new DataDirError('DATA_DIR_INVALID', `DATA_DIR ${where}: point DATA_DIR (or --data) at a folder for the index.`);
}

/**
 * The DataDirError for a failure to write under DATA_DIR, or undefined when the failure is not
 * one an operator fixes on the disk (the caller rethrows it as it is).
 */
export function writeFailure(error: unknown, dataDir: string): DataDirError | undefined {
  const unchanged = 'The previous index is unchanged and still serves';
  switch (errnoCode(error)) {
    case 'EROFS':
      return new DataDirError('DATA_DIR_READ_ONLY', `Cannot write the index in ${dataDir}: the file system is read-only. ${unchanged}; make DATA_DIR writable (or point it elsewhere) and run \`crisisbot ingest\` again.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new DataDirError('DATA_DIR_READ_ONLY', `Cannot write the index in ${dataDir}: permission denied. ${unchanged}; give this user write access to DATA_DIR (or point it elsewhere) and run \`crisisbot ingest\` again.`, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new DataDirError('DISK_FULL', `Cannot write the index in ${dataDir}: the disk is full. ${unchanged}; free some space and run \`crisisbot ingest\` again.`, { cause: error });
    case 'ENOTDIR':
    case 'EEXIST':
      return new DataDirError('DATA_DIR_INVALID', `Cannot write the index in ${dataDir}: a file is in the way of a folder. Point DATA_DIR (or --data) at a folder for the index.`, { cause: error });
    default:
      return undefined;
  }
}
