import { loadConfig } from '../shared/config.js';
import { createTransformer } from '../shared/transform.js';
import { firehoseEventOfSize, sampleRecords } from './batches.mjs';
const t = createTransformer(loadConfig({}));
const ev = firehoseEventOfSize(3_000_000, sampleRecords());
const now = Date.now();
let s = performance.now();
for (let i = 0; i < 40; i++) { for (const r of ev.records) t.transformRecord(r.data, now); if (i % 10 === 9) { console.log(((performance.now() - s) / 10 / ev.records.length * 1000).toFixed(1), 'µs/rec'); s = performance.now(); } }
