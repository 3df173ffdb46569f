/**
 * The infrastructure specification. One test file, so that every case shares
 * one synthesis of the default app (test/infra/synth.ts) instead of one per file.
 */
import { afterAll } from 'vitest';
import { disposeAll } from './synth.js';
import './cases/artifact.js';
import './cases/delivery.js';
import './cases/events-alarms.js';
import './cases/alarms.js';
import './cases/nag.js';
import './cases/window.js';
import './cases/construct.js';
import './cases/settings.js';
import './cases/node22.js';

afterAll(disposeAll);
