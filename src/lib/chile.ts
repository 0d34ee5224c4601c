/**
 * Chile's 16 regions and 346 comunas (Código Único Territorial 2018, data/chile-cut-2018.json).
 * Names are matched without regard to case or accents and returned in their official form.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_DIR } from '../db/paths';

interface CutFile {
  regions: Array<{ code: string; name: string; abbreviation: string; provinces: Array<{ code: string; name: string; comunas: Array<{ code: string; name: string }> }> }>;
}

export interface Region {
  code: string;
  name: string;
  abbreviation: string;
  comunas: Array<{ code: string; name: string }>;
}

let regions: Region[] | undefined;

export function chileRegions(): Region[] {
  if (!regions) {
    const file = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'chile-cut-2018.json'), 'utf8')) as CutFile;
    regions = file.regions.map((r) => ({ code: r.code, name: r.name, abbreviation: r.abbreviation, comunas: r.provinces.flatMap((p) => p.comunas) }));
  }
  return regions;
}

/** Lower case, accents folded, spaces collapsed: "Ñuñoa " → "nunoa". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A region by official name, code ("13") or abbreviation ("RM" is accepted for Santiago). */
export function findRegion(input: string): Region | undefined {
  const wanted = fold(input);
  const aliases: Record<string, string> = { rm: '13', 'region metropolitana': '13', santiago: '13', metropolitana: '13' };
  const code = aliases[wanted];
  return chileRegions().find((r) => r.code === code || r.code === wanted.padStart(2, '0') || fold(r.name) === wanted || fold(r.abbreviation) === wanted);
}

export type PlaceResult = { ok: true; comuna: string; region: string } | { ok: false; field: 'region' | 'comuna'; reason: string };

/** Checks that the comuna exists and belongs to the region; returns both official names. */
export function resolvePlace(comunaInput: string, regionInput: string): PlaceResult {
  const region = findRegion(regionInput);
  if (!region) return { ok: false, field: 'region', reason: `${JSON.stringify(regionInput)} is not one of Chile's 16 regions` };
  const comuna = region.comunas.find((c) => fold(c.name) === fold(comunaInput));
  if (comuna) return { ok: true, comuna: comuna.name, region: region.name };
  const elsewhere = chileRegions().find((r) => r.comunas.some((c) => fold(c.name) === fold(comunaInput)));
  return {
    ok: false,
    field: 'comuna',
    reason: elsewhere
      ? `${JSON.stringify(comunaInput)} is in the region ${elsewhere.name}, not ${region.name}`
      : `${JSON.stringify(comunaInput)} is not a comuna of ${region.name}`,
  };
}
