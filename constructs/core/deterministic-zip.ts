import { zipSync } from 'fflate';

// A zip stores each entry's modification time as a DOS date and time, which has no time zone: built from
// local components, 1980-01-01 00:00 (the earliest DOS date) is written the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1);
// Unix attributes (made by "Unix", os 3): a regular file, rw-r--r--, so that the Lambda runtime can read it.
const UNIX = 3;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * Names the bytes `deterministicZip` writes for given files: change it with the library version or any
 * setting below, so that a zip kept from before is not taken for the new one.
 */
export const ZIP_FORMAT = 'fflate 0.8.3, deflate level 6, 1980-01-01 00:00, unix 0644';

/**
 * A zip archive of `files` (name in the archive to content), built in this process. The same files always
 * give the same bytes (entries sorted by name, fixed time stamps and permissions), so the archive's hash
 * changes only when the content does.
 */
export function deterministicZip(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 6; mtime: Date; os: number; attrs: number }]> = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name], { level: 6, mtime: FIXED_MTIME, os: UNIX, attrs: REGULAR_FILE_0644 }];
  }
  return zipSync(entries);
}
