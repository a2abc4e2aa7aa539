import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import type { AdminRole } from '../../store/schema.js';
import { formatTable } from '../table.js';
import { print, withServices } from '../run.js';

/**
 * The roles, named here rather than imported from admin/accounts.ts, which would load
 * argon2 and zod for every command's help; the Record type makes a new role a compile
 * error until it is listed. The accounts service still validates the role given.
 */
const ROLE_NAMES: Record<AdminRole, true> = { admin: true, editor: true };
const ROLES = Object.keys(ROLE_NAMES);

/** Audit actor for changes made from the command line. */
const CLI_ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

/** Asks on the terminal; with `hidden`, what is typed is not echoed (passwords). */
function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    out._writeToOutput = (s: string) => {
      if (s.startsWith(question)) out.output.write(question);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      if (hidden) process.stderr.write('\n');
      rl.close();
      resolve(answer);
    }),
  );
}

/** The first line of standard input (for `--password-stdin`), without its newline. */
async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** A password from stdin, or asked twice on a terminal; never from an argument (it would show in `ps`). */
async function password(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdinLine();
  if (!process.stdin.isTTY) throw new RedianError('CLI_USAGE', 'no terminal to ask for the password: pass it on standard input with --password-stdin');
  const first = await ask('password (10+ characters): ', true);
  const again = await ask('password again: ', true);
  if (first !== again) throw new RedianError('CLI_USAGE', 'the two passwords differ');
  return first;
}

async function required(value: string | undefined, flag: string, question: string): Promise<string> {
  if (value) return value;
  if (!process.stdin.isTTY) throw new RedianError('CLI_USAGE', `${flag} is required when not on a terminal`);
  return ask(question);
}

export function adminCommand(program: Command): void {
  const admin = program.command('admin').description('admin console accounts (roles: admin, editor)');
  admin
    .command('create')
    .description('create an account; asks on a terminal, or takes --username, --role and --password-stdin')
    .option('--username <name>', 'login name (2–32 letters, digits, "_", "." or "-")')
    .option('--role <role>', `${ROLES.join(' or ')}: editors run sources and articles, admins also settings, accounts and ads`)
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (opts: { username?: string; role?: string; passwordStdin?: boolean }) => {
      const username = await required(opts.username, '--username', 'username: ');
      const role = await required(opts.role, '--role', `role (${ROLES.join('/')}): `);
      const pass = await password(opts.passwordStdin);
      const created = await withServices((s) => s.admin.accounts.create({ username, password: pass, role }, CLI_ACTOR));
      print(`created ${created.role} "${created.username}"; sign in at /admin/login`);
    });
  admin
    .command('list')
    .description('every account with its role, state and last login')
    .action(async () => {
      const users = await withServices((s) => s.admin.accounts.list());
      if (users.length === 0) {
        print('no accounts yet; create one with "redian admin create"');
        return;
      }
      const rows = users.map((u) => [u.username, u.role, u.disabled ? 'disabled' : 'active', u.last_login_at ? new Date(u.last_login_at).toISOString() : 'never']);
      for (const line of formatTable([['username', 'role', 'state', 'last login'], ...rows])) print(line.trimEnd());
    });
  admin
    .command('set-password')
    .description("change an account's password (ends its sessions and lifts a lockout)")
    .argument('<username>')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const pass = await password(opts.passwordStdin);
      await withServices((s) => s.admin.accounts.setPassword(username, pass, CLI_ACTOR));
      print(`password of "${username.toLowerCase()}" changed`);
    });
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    admin
      .command(name)
      .description(disabled ? 'stop an account from signing in (ends its sessions)' : 'let a disabled account sign in again')
      .argument('<username>')
      .action(async (username: string) => {
        await withServices((s) => s.admin.accounts.setDisabled(username, disabled, CLI_ACTOR));
        print(`"${username.toLowerCase()}" ${disabled ? 'disabled' : 'enabled'}`);
      });
  }
}
