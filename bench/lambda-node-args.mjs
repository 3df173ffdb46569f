// The Node.js flags AWS Lambda's Node.js runtime starts the function with, from its
// memory size. The runtime's /var/runtime/bootstrap (public.ecr.aws/lambda/nodejs
// images; the same script from nodejs14.x through nodejs18.x as printed from the
// images) computes
//   new_space = memory / 10; semi_space = new_space / 2; old_space = memory - new_space
// and runs `node --expose-gc --max-http-header-size 81920 --max-semi-space-size=$semi_space
// --max-old-space-size=$old_space /var/runtime/index.mjs` (integer shell arithmetic).
// For 128 MB: --max-semi-space-size=6 --max-old-space-size=116.
/** @param {number} memoryMb */
export function lambdaNodeArgs(memoryMb) {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}
