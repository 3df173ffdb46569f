// Runs the built handler once, in whatever Node executes this file, on the
// Firehose event in the file argv[2], and writes {version, result} to argv[3].
// Powertools' EMF metric lines go to stdout, as in Lambda.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, outFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const result = await handler(JSON.parse(readFileSync(eventFile, 'utf8')));
writeFileSync(outFile, JSON.stringify({ version: process.version, result }));
