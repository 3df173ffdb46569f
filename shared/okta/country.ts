/**
 * Okta writes the client country as an English name (GeoIP names: "United States",
 * "South Korea", "Hong Kong"); OpenObserve's maps join on ISO 3166-1 alpha-2. Any
 * country resolves through the runtime's own CLDR region names (`Intl.DisplayNames`,
 * full ICU in Node's official builds and in Lambda), read once, on the first name
 * `KNOWN` does not hold; so no full country table ships in the bundle. Names are
 * compared folded: case, accents, `&`/`and`, `St.`/`Saint`, punctuation and a
 * leading "The" do not matter.
 */
import type { Row } from './columns.js';

/**
 * Folded name → alpha-2, looked up before the CLDR names: the countries most sign-ins
 * come from (so a typical first batch never waits for ICU's region data, about 15–20 ms
 * on first use), and the names GeoIP databases write differently from CLDR.
 */
const KNOWN: Readonly<Record<string, string>> = {
  'united states': 'US', canada: 'CA', mexico: 'MX', brazil: 'BR', argentina: 'AR', colombia: 'CO', chile: 'CL',
  'united kingdom': 'GB', ireland: 'IE', france: 'FR', germany: 'DE', netherlands: 'NL', belgium: 'BE', spain: 'ES',
  portugal: 'PT', italy: 'IT', switzerland: 'CH', austria: 'AT', poland: 'PL', romania: 'RO', sweden: 'SE',
  norway: 'NO', denmark: 'DK', finland: 'FI', iceland: 'IS', ukraine: 'UA', russia: 'RU', israel: 'IL',
  'united arab emirates': 'AE', india: 'IN', china: 'CN', japan: 'JP', 'south korea': 'KR', singapore: 'SG',
  philippines: 'PH', australia: 'AU', 'new zealand': 'NZ', 'south africa': 'ZA',
  'hong kong': 'HK', macau: 'MO', macao: 'MO', myanmar: 'MM', palestine: 'PS', 'ivory coast': 'CI', turkey: 'TR',
  'czech republic': 'CZ', 'east timor': 'TL', 'congo republic': 'CG', 'dr congo': 'CD', 'republic of lithuania': 'LT',
  'republic of moldova': 'MD', 'hashemite kingdom of jordan': 'JO', swaziland: 'SZ', macedonia: 'MK', aland: 'AX',
  'bonaire sint eustatius and saba': 'BQ', 'us minor outlying islands': 'UM', 'federated states of micronesia': 'FM', uk: 'GB', us: 'US',
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
    // a runtime without ICU region names (Lambda has them): only the table of common names and aliases works
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
  return map;
}

const seen = new Map<string, string | undefined>();
const SEEN_LIMIT = 1024;

/** ISO 3166-1 alpha-2 code of a country name (or of an alpha-2 code), or undefined. */
export function countryCode(name: string): string | undefined {
  if (seen.has(name)) return seen.get(name);
  const folded = foldCountryName(name);
  // "Unknown" (Okta's word when GeoIP has no country) needs no lookup.
  const code = Object.hasOwn(KNOWN, folded) ? KNOWN[folded] : folded === 'unknown' ? undefined : (byName ??= countriesByName()).get(folded);
  if (name.length <= 128) {
    if (seen.size >= SEEN_LIMIT) seen.clear();
    seen.set(name, code);
  }
  return code;
}

/** client_country_code from client_country. */
export function deriveCountryCode(row: Row): void {
  if (row.client_country === undefined) return;
  const code = countryCode(row.client_country);
  if (code !== undefined) row.client_country_code = code;
}
