/**
 * Okta writes the client country as an English name (GeoIP names: "United States",
 * "South Korea", "Hong Kong"); OpenObserve's maps join on ISO 3166-1 alpha-2. The
 * name → code map is built on first use from the runtime's own CLDR region names
 * (`Intl.DisplayNames`, full ICU in Node's official builds and in Lambda), so no
 * country table ships in the bundle; `ALIASES` covers the names GeoIP databases
 * write differently from CLDR. Names are compared folded: case, accents, `&`/`and`,
 * `St.`/`Saint`, punctuation and a leading "The" do not matter.
 */
import type { Row } from './columns.js';

/** Folded GeoIP name → alpha-2, for names CLDR spells otherwise. */
const ALIASES: Readonly<Record<string, string>> = {
  'hong kong': 'HK', macau: 'MO', macao: 'MO', myanmar: 'MM', palestine: 'PS', 'ivory coast': 'CI', turkey: 'TR',
  'czech republic': 'CZ', 'east timor': 'TL', 'congo republic': 'CG', 'dr congo': 'CD', 'republic of lithuania': 'LT',
  'republic of moldova': 'MD', 'hashemite kingdom of jordan': 'JO', swaziland: 'SZ', macedonia: 'MK', aland: 'AX',
  'bonaire sint eustatius and saba': 'BQ', 'us minor outlying islands': 'UM', 'federated states of micronesia': 'FM', uk: 'GB',
};

/**
 * Region codes CLDR names that are not current ISO 3166-1 countries: groupings,
 * reserved and private-use codes, and deprecated codes that carry their
 * successor's name (BU Myanmar, SU Russia, YU Serbia, ...).
 */
const NOT_COUNTRIES = new Set('AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '));

const MARKS = /\p{M}/gu;
const DROPPED = /[.'’]/g;
const SEPARATORS = /[,()[\]/]/g;
const SPACES = /\s+/g;
const LEADING_THE = /^the /;
const LEADING_SAINT = /^saint /;

export function foldCountryName(name: string): string {
  return name
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(DROPPED, '')
    .replace(SEPARATORS, ' ')
    .replace('&', ' and ')
    .replace(SPACES, ' ')
    .trim()
    .replace(LEADING_THE, '')
    .replace(LEADING_SAINT, 'st ');
}

let byName: Map<string, string> | undefined;

/** Folded CLDR English name → alpha-2, built once (about 1 ms, plus the runtime's first use of ICU region data). */
function countriesByName(): Map<string, string> {
  const map = new Map<string, string>();
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    // a runtime without ICU region names: only alpha-2 codes and the aliases work
  }
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      const name = names?.of(code);
      if (name === undefined) continue;
      map.set(foldCountryName(name), code);
      map.set(code.toLowerCase(), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(alias, code);
  return map;
}

const seen = new Map<string, string | undefined>();
const SEEN_LIMIT = 1024;

/** ISO 3166-1 alpha-2 code of a country name (or of an alpha-2 code), or undefined. */
export function countryCode(name: string): string | undefined {
  if (seen.has(name)) return seen.get(name);
  byName ??= countriesByName();
  const code = byName.get(foldCountryName(name));
  if (seen.size >= SEEN_LIMIT) seen.clear();
  seen.set(name, code);
  return code;
}

/** client_country_code from client_country. */
export function deriveCountryCode(row: Row): void {
  if (row.client_country === undefined) return;
  const code = countryCode(row.client_country);
  if (code !== undefined) row.client_country_code = code;
}
