// Copies the OCSF enumerations the relay uses (class uid and name, activity_id per
// class, status_id, severity_id) from a git checkout or mirror of ocsf/ocsf-schema
// at a release tag into shared/ocsf/enumerations.json. The OCSF schema is Apache-2.0
// (https://github.com/ocsf/ocsf-schema); the output names its tag and commit.
//   node scripts/import-ocsf.mjs <ocsf-schema git dir> [tag, default 1.8.0]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [gitDir, tag = '1.8.0'] = process.argv.slice(2);
if (gitDir === undefined) throw new Error('usage: node scripts/import-ocsf.mjs <ocsf-schema git dir> [tag]');
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });
const show = (path) => JSON.parse(git('show', `${tag}:${path}`));

/** The classes the relay maps Okta events to, by their schema file. */
const CLASS_FILES = [
  'events/iam/account_change.json',
  'events/iam/authentication.json',
  'events/iam/authorize_session.json',
  'events/iam/entity_management.json',
  'events/iam/user_access.json',
  'events/iam/group_management.json',
  'events/findings/detection_finding.json',
  'events/application/api_activity.json',
];

const captions = (enumeration) =>
  Object.fromEntries(Object.entries(enumeration ?? {}).map(([id, v]) => [id, v.caption]));
const dictionary = show('dictionary.json').attributes;
const categories = show('categories.json').attributes;

/** A class file and the files it extends, base first (e.g. base_event → finding → detection_finding). */
function lineage(file) {
  const chain = [];
  for (let f = file; f !== undefined; ) {
    const spec = show(f);
    chain.unshift(spec);
    f = spec.extends === undefined ? undefined : `${f.replace(/[^/]+$/, '')}${spec.extends}.json`;
    if (spec.extends === 'base_event') {
      chain.unshift(show('events/base_event.json'));
      f = undefined;
    }
  }
  return chain;
}

/** activity_id of a class: the dictionary's 0 and 99, overlaid by the enums along its lineage. */
const activities = (chain) =>
  Object.assign(captions(dictionary.activity_id.enum), ...chain.map((spec) => captions(spec.attributes?.activity_id?.enum)));

const classes = CLASS_FILES.map((file) => {
  const chain = lineage(file);
  const spec = chain[chain.length - 1];
  const category = categories[chain.findLast((c) => c.category !== undefined).category];
  return {
    uid: category.uid * 1000 + spec.uid,
    name: spec.caption,
    category_uid: category.uid,
    category_name: category.caption,
    activity_id: activities(chain),
  };
});

const out = {
  source: 'https://github.com/ocsf/ocsf-schema',
  version: tag,
  commit: git('rev-list', '-n', '1', tag).trim(),
  license: 'Apache-2.0',
  note: 'Copied by scripts/import-ocsf.mjs: the enumerations the relay emits. Do not edit by hand.',
  status_id: captions(dictionary.status_id.enum),
  severity_id: captions(dictionary.severity_id.enum),
  classes,
};
writeFileSync(new URL('../shared/ocsf/enumerations.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`OCSF ${tag}: ${classes.length} classes`);
