export function lambdaNodeArgs(memoryMb: number): string[];
