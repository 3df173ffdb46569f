/**
 * The directory a command's relative paths are resolved from: where the user started
 * it. `npm run` runs a script in the package directory and says where it was started
 * in INIT_CWD. With `npmScript`, INIT_CWD counts only while npm runs that script
 * (so a test run under `npm test` resolves from the process's own directory).
 */
export function invocationDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
  npmScript?: string,
): string {
  if (npmScript !== undefined && env.npm_lifecycle_event !== npmScript) return cwd;
  return env.INIT_CWD || cwd;
}
