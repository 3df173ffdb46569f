export type EventTypeTable = Record<string, Record<string, readonly string[]>>;
export function encodeEventTypes(table: EventTypeTable): string;
export function decodeEventTypes(text: string): Record<string, Record<string, [string, string]>>;
