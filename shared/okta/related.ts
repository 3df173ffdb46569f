/**
 * Search keys gathered from several places of an event: every IP address, every
 * user login, the API token ids. Read-only over the parsed event (never over the
 * JSON columns); the values are comma-separated, like `security_tags`.
 */
import type { Row } from './columns.js';
import { isPlainObject } from '../json.js';

type Json = Record<string, unknown>;
const member = (obj: unknown, key: string): unknown => (isPlainObject(obj) ? obj[key] : undefined);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** `list` with `value` appended unless it holds it already (first occurrence wins, as a Set's order). */
function addDistinct(list: string[] | undefined, value: string): string[] {
  if (list === undefined) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

/** related_ips: client.ipAddress and every request.ipChain[].ip, distinct, in that order. */
export function relatedIps(event: Json): string | undefined {
  // Arrays, not Sets: an event holds a handful of addresses, and most rows none or one.
  let ips: string[] | undefined;
  const client = member(event.client, 'ipAddress');
  if (nonEmpty(client)) ips = [client];
  const chain = member(event.request, 'ipChain');
  if (Array.isArray(chain)) {
    for (const hop of chain) {
      const ip = member(hop, 'ip');
      if (nonEmpty(ip)) ips = addDistinct(ips, ip);
    }
  }
  return ips === undefined ? undefined : ips.length === 1 ? ips[0] : ips.join(',');
}

/** related_users: the actor's login when the actor is a User, and every User target's, lower-case, distinct. */
export function relatedUsers(event: Json): string | undefined {
  let users: string[] | undefined;
  const { actor, target } = event;
  if (member(actor, 'type') === 'User') {
    const login = member(actor, 'alternateId');
    if (nonEmpty(login)) users = [login.toLowerCase()];
  }
  if (Array.isArray(target)) {
    for (const t of target) {
      if (member(t, 'type') !== 'User') continue;
      const login = member(t, 'alternateId');
      if (nonEmpty(login)) users = addDistinct(users, login.toLowerCase());
    }
  }
  return users === undefined ? undefined : users.length === 1 ? users[0] : users.join(',');
}

/** An API token id from debugData, else from transaction.detail (where Okta's exports carry it). */
const apiTokenId = (event: Json, key: string): unknown =>
  member(member(event.debugContext, 'debugData'), key) ?? member(member(event.transaction, 'detail'), key);

/** related_ips, related_users, debug_request_api_token_id, debug_root_api_token_id. */
export function deriveRelated(event: Json, row: Row): void {
  const ips = relatedIps(event);
  if (ips !== undefined) row.related_ips = ips;
  const users = relatedUsers(event);
  if (users !== undefined) row.related_users = users;
  const request = apiTokenId(event, 'requestApiTokenId');
  if (nonEmpty(request)) row.debug_request_api_token_id = request;
  const root = apiTokenId(event, 'rootApiTokenId');
  if (nonEmpty(root)) row.debug_root_api_token_id = root;
}
