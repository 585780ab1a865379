import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpuprofile.js';

export interface ProfileFile {
  file: string;
  summary: ProfileSummary;
}

export async function readProfile(file: string, top = 15): Promise<ProfileFile> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  return { file, summary: summarizeProfile(profile, top) };
}

/** The newest .cpuprofile in a directory (node --cpu-prof writes one per process at exit). */
export async function latestProfile(dir: string, top = 15): Promise<ProfileFile | undefined> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const newest = files
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
  return newest ? readProfile(path.join(dir, newest), top) : undefined;
}
