/**
 * API keys: an id and a secret, the secret stored only as a salted scrypt hash. Clients send
 * `Authorization: Bearer <id>.<secret>` or HTTP basic auth with the id as user and the secret as
 * password. Roles are per environment (`*` = every environment): admin, developer, viewer.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../resources.ts';
import type { DocumentTable } from '../store/repositories.ts';

export type Role = 'admin' | 'developer' | 'viewer';
export const ROLES: readonly Role[] = ['viewer', 'developer', 'admin'];

export interface StoredApiKey {
  readonly id: string;
  readonly description: string;
  readonly roles: Readonly<Record<string, Role>>;
  readonly salt: string;
  readonly hash: string;
  readonly createdAt: string;
}

export interface Principal {
  readonly keyId: string;
  readonly roles: Readonly<Record<string, Role>>;
}

const rank = (r: Role | undefined): number => (r === undefined ? -1 : ROLES.indexOf(r));

export function roleIn(p: Principal, env: string): Role | undefined {
  const a = p.roles[env];
  const b = p.roles['*'];
  return rank(a) >= rank(b) ? a : b;
}

/** Throws 403 unless the principal has at least `needed` in `env` (`*` = globally). */
export function requireRole(p: Principal, env: string, needed: Role): void {
  const has = env === '*' ? p.roles['*'] : roleIn(p, env);
  if (rank(has) < rank(needed)) {
    const where = env === '*' ? 'globally (environment "*")' : `in environment '${env}'`;
    throw new GatewayError(
      403,
      'FORBIDDEN',
      `API key '${p.keyId}' needs the ${needed} role ${where}; it has ${has ?? 'no role'} there`,
    );
  }
}

const hashSecret = (secret: string, salt: Buffer): Buffer => scryptSync(secret, salt, 32);

export class ApiKeys {
  /** Successful verifications by token digest, so scrypt runs once per key, not per request. */
  private readonly verified = new Map<string, Principal>();

  constructor(private readonly table: DocumentTable<StoredApiKey>) {}

  isEmpty(): boolean {
    return this.table.list().length === 0;
  }

  /** Creates a key; the returned token is shown once and never stored. */
  create(
    roles: Readonly<Record<string, Role>>,
    description: string,
    token?: string,
  ): { key: StoredApiKey; token: string } {
    let id: string;
    let secret: string;
    if (token !== undefined) {
      const parsed = splitToken(token);
      if (parsed === undefined)
        throw new Error(
          'TRIBUTARY_ADMIN_KEY must look like <id>.<secret> (id: letters, digits, -; secret: 16+ characters)',
        );
      ({ id, secret } = parsed);
    } else {
      id = `tk-${randomBytes(6).toString('hex')}`;
      secret = randomBytes(24).toString('base64url');
    }
    if (this.table.get(id) !== undefined)
      throw new GatewayError(409, 'CONFLICT', `API key '${id}' already exists`);
    const salt = randomBytes(16);
    const key: StoredApiKey = {
      id,
      description,
      roles,
      salt: salt.toString('base64'),
      hash: hashSecret(secret, salt).toString('base64'),
      createdAt: new Date().toISOString(),
    };
    this.table.put(id, key);
    return { key, token: `${id}.${secret}` };
  }

  list(): StoredApiKey[] {
    return this.table.list();
  }

  delete(id: string): boolean {
    for (const [digest, p] of this.verified) if (p.keyId === id) this.verified.delete(digest);
    return this.table.delete(id);
  }

  /** The principal for an Authorization header; 401 when it is missing or wrong. */
  authenticate(header: string | undefined): Principal {
    if (header === undefined || header.trim() === '') {
      throw new GatewayError(
        401,
        'UNAUTHENTICATED',
        'Missing credentials: send Authorization: Bearer <key id>.<secret> (or basic auth with the key id and secret)',
      );
    }
    const token = tokenOf(header);
    const digest = createHash('sha256')
      .update(token ?? header)
      .digest('base64');
    const cached = this.verified.get(digest);
    if (cached !== undefined) return cached;
    const parsed = token === undefined ? undefined : splitToken(token);
    const key = parsed === undefined ? undefined : this.table.get(parsed.id);
    if (
      parsed === undefined ||
      key === undefined ||
      !timingSafeEqual(
        hashSecret(parsed.secret, Buffer.from(key.salt, 'base64')),
        Buffer.from(key.hash, 'base64'),
      )
    ) {
      throw new GatewayError(
        401,
        'UNAUTHENTICATED',
        'Invalid API key: the key id is unknown or the secret does not match',
      );
    }
    const principal: Principal = { keyId: key.id, roles: key.roles };
    this.verified.set(digest, principal);
    return principal;
  }
}

function tokenOf(header: string): string | undefined {
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (value === undefined) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : `${decoded.slice(0, colon)}.${decoded.slice(colon + 1)}`;
  }
  return undefined;
}

function splitToken(token: string): { id: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return /^[A-Za-z0-9-]{1,64}$/.test(id) && secret.length >= 16 ? { id, secret } : undefined;
}
