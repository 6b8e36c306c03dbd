import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirError } from '../../../src/errors.ts';
import { checkDataDir, writeFailure } from '../../../src/store/local/data-dir.ts';
import { removeDir, tempDir } from '../../support/seed-index.ts';

describe('checkDataDir', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('crisisbot-datadir-');
  });
  afterEach(() => removeDir(root));

  it('accepts an existing folder and a folder yet to be created', async () => {
    await expect(checkDataDir(root)).resolves.toBeUndefined();
    await expect(checkDataDir(join(root, 'new', 'deeper'))).resolves.toBeUndefined();
  });

  it('names a DATA_DIR that is a file', async () => {
    const file = join(root, 'data');
    writeFileSync(file, 'not a folder');
    await expect(checkDataDir(file)).rejects.toSatisfy(
      (error: unknown) => error instanceof DataDirError && error.code === 'DATA_DIR_INVALID' && error.message === `DATA_DIR ${file} is a file, not a folder: point DATA_DIR (or --data) at a folder for the index.`,
    );
  });

  it('names the file a DATA_DIR lies under', async () => {
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'file'), 'x');
    const dataDir = join(root, 'a', 'file', 'data', 'more');
    await expect(checkDataDir(dataDir)).rejects.toThrow(`DATA_DIR ${dataDir} is under ${join(root, 'a', 'file')}, which is a file, not a folder`);
  });
});

describe('writeFailure', () => {
  const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code });

  it('names a read-only file system, missing permission and a full disk, saying the previous index is unchanged', () => {
    expect(writeFailure(errno('EROFS'), '/d')).toMatchObject({ code: 'DATA_DIR_READ_ONLY', message: expect.stringMatching(/read-only.*previous index is unchanged/u) });
    expect(writeFailure(errno('EACCES'), '/d')).toMatchObject({ code: 'DATA_DIR_READ_ONLY', message: expect.stringMatching(/permission denied/u) });
    expect(writeFailure(errno('ENOSPC'), '/d')).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full.*previous index is unchanged/u) });
    expect(writeFailure(errno('EDQUOT'), '/d')?.code).toBe('DISK_FULL');
  });

  it('leaves other failures alone', () => {
    expect(writeFailure(errno('EIO'), '/d')).toBeUndefined();
    expect(writeFailure(new Error('plain'), '/d')).toBeUndefined();
  });
});
