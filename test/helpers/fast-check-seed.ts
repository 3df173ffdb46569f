/**
 * Property tests draw random cases. In CI (CI=true) they draw them from one fixed seed,
 * so a build's result depends only on the code; FC_SEED picks another seed anywhere
 * (fast-check prints the seed of a failing run, to reproduce it). Locally, without
 * FC_SEED, every run explores new cases.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI === 'true' ? '20261201' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
