import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.js';
import { RedianError } from '../errors.js';
import type { AdminRepo, SessionWithUser } from '../store/repos/admin.js';
import type { AdminRole, AdminUser } from '../store/schema.js';
import { accountKey, ipKey, LoginThrottle, type ThrottleLimits } from './throttle.js';

export const ROLES = ['admin', 'editor'] as const satisfies readonly AdminRole[];

/** Editors run sources and articles; admins also settings, accounts and ads. */
export function roleAllows(role: AdminRole, needed: AdminRole): boolean {
  return role === 'admin' || needed === 'editor';
}

export const SESSION_TTL_MS = 12 * 3600_000;

const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/, 'username: 2–32 letters, digits, "_", "." or "-", starting with a letter or digit');
const Password = z
  .string()
  .min(10, 'password: at least 10 characters')
  .max(200, 'password: at most 200 characters');
const Role = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });

/** Who is signed in. */
export interface Admin {
  id: number;
  username: string;
  role: AdminRole;
}

export interface Session {
  admin: Admin;
  /** The synchronizer token this session's forms carry. */
  csrfToken: string;
}

export type LoginResult =
  | { ok: true; token: string; session: Session; expiresAt: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

// Verified when the account does not exist, so an unknown name takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Console accounts, passwords (argon2id), sessions and the login throttle. */
export class AdminAccounts {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly repo: AdminRepo,
    private readonly audit: AuditService,
    limits?: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.throttle = new LoginThrottle(repo, limits);
  }

  async create(input: { username: string; password: string; role: string }, actor: string): Promise<Admin> {
    const username = parse(Username, input.username);
    const password = parse(Password, input.password);
    const role = parse(Role, input.role);
    if (await this.repo.userByName(username)) throw new RedianError('ADMIN_EXISTS', `"${username}"`);
    const user = await this.repo.insertUser({ username, password_hash: await hash(password), role, created_at: this.now() });
    await this.audit.record({ actor, action: 'account.create', target: `account:${username}`, after: { username, role } });
    return toAdmin(user);
  }

  async list(): Promise<AdminUser[]> {
    return this.repo.listUsers();
  }

  async setPassword(usernameRaw: string, password: string, actor: string): Promise<void> {
    const user = await this.user(usernameRaw);
    await this.repo.updateUser(user.id, { password_hash: await hash(parse(Password, password)) });
    // A new password ends every session opened with the old one.
    await this.repo.deleteSessionsOf(user.id);
    await this.throttle.clear(accountKey(user.username));
    await this.audit.record({ actor, action: 'account.password', target: `account:${user.username}` });
  }

  async setDisabled(usernameRaw: string, disabled: boolean, actor: string): Promise<void> {
    const user = await this.user(usernameRaw);
    await this.repo.updateUser(user.id, { disabled: disabled ? 1 : 0 });
    if (disabled) await this.repo.deleteSessionsOf(user.id);
    await this.audit.record({
      actor,
      action: disabled ? 'account.disable' : 'account.enable',
      target: `account:${user.username}`,
      before: { disabled: user.disabled === 1 },
      after: { disabled },
    });
  }

  /**
   * Checks a password and opens a new session (a new token at every login, so a token
   * planted before login is worth nothing). A locked account or address is refused before
   * the password is looked at.
   */
  async login(usernameRaw: string, password: string, ip: string): Promise<LoginResult> {
    const now = this.now();
    const username = usernameRaw.trim().toLowerCase().slice(0, 64);
    const keys = [accountKey(username), ipKey(ip)];
    const locked = await this.throttle.lockedUntil(keys, now);
    if (locked !== undefined) return { ok: false, reason: 'locked', until: locked };

    const user = username ? await this.repo.userByName(username) : undefined;
    const good = user && user.disabled === 0 ? await verify(user.password_hash, password) : (await verify(await dummy(), password), false);
    if (!good || !user) {
      const { perAccount, perIp } = this.throttle.limits;
      const lockedAccount = await this.throttle.fail(keys[0]!, perAccount, now);
      const lockedIp = await this.throttle.fail(keys[1]!, perIp, now);
      const until = Math.max(lockedAccount ?? 0, lockedIp ?? 0);
      if (until > 0) {
        await this.audit.record({
          actor: `login:${ip}`,
          action: 'login.lockout',
          target: lockedAccount ? `account:${username}` : `ip:${ip}`,
          after: { until, account: username, ip },
        });
        return { ok: false, reason: 'locked', until };
      }
      return { ok: false, reason: 'invalid' };
    }
    await this.throttle.clear(keys[0]!);
    const secret = token();
    const session: Session = { admin: toAdmin(user), csrfToken: token() };
    const expiresAt = now + SESSION_TTL_MS;
    await this.repo.insertSession({ token_hash: sha256(secret), user_id: user.id, csrf_token: session.csrfToken, created_at: now, expires_at: expiresAt });
    await this.repo.updateUser(user.id, { last_login_at: now });
    await this.repo.deleteExpiredSessions(now);
    await this.audit.record({ actor: user.username, action: 'login', target: `account:${user.username}`, after: { ip } });
    return { ok: true, token: secret, session, expiresAt };
  }

  /** The session a cookie's token opens, if it is live and its account enabled. */
  async session(secret: string | undefined): Promise<Session | undefined> {
    if (!secret || secret.length > 100) return undefined;
    const row = await this.repo.session(sha256(secret), this.now());
    return row ? toSession(row) : undefined;
  }

  async logout(secret: string | undefined): Promise<void> {
    if (secret && secret.length <= 100) await this.repo.deleteSession(sha256(secret));
  }

  private async user(usernameRaw: string): Promise<AdminUser> {
    const user = await this.repo.userByName(usernameRaw.trim().toLowerCase());
    if (!user) throw new RedianError('ADMIN_UNKNOWN', `"${usernameRaw}"`);
    return user;
  }
}

/** Constant-time comparison of a submitted form token with the expected one. */
export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function dummy(): Promise<string> {
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  return dummyHash;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new RedianError('ADMIN_INVALID', r.error.issues[0]?.message ?? 'invalid');
  return r.data;
}

const toAdmin = (u: AdminUser): Admin => ({ id: u.id, username: u.username, role: u.role });
const toSession = (r: SessionWithUser): Session => ({ admin: { id: r.user_id, username: r.username, role: r.role }, csrfToken: r.csrf_token });
