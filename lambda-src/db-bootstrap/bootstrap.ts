// Creates (or brings back in line) the roles and users of DATABASE_USERS and the indexes of the event
// store, connected as the master user. Idempotent: run at every deploy whose inputs changed.
import type { Db, MongoClient } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../collector/store/ensure-indexes';
import { type DatabaseUserSpec, rolePrivileges } from './roles';

export interface UserPassword {
  readonly spec: DatabaseUserSpec;
  /** The user's password, read from its own secret. */
  readonly password: string;
}

export interface BootstrapReport {
  readonly roles: { readonly created: string[]; readonly updated: string[] };
  readonly users: { readonly created: string[]; readonly updated: string[] };
  readonly indexes: IndexReport;
  /** Commands the server does not implement (FerretDB has no roles): the deploy must not pass with any. */
  readonly unsupported: string[];
}

/** Server answers that mean "this command (or this field) is not implemented here". */
const NOT_SUPPORTED = new Set([
  59 /* CommandNotFound */, 238 /* NotImplemented */, 115 /* CommandNotSupported */,
]);
const isUnsupported = (err: unknown) =>
  err instanceof MongoServerError && NOT_SUPPORTED.has(Number(err.code));
const alreadyExists = (err: unknown) =>
  err instanceof MongoServerError &&
  (err.code === 51002 || err.code === 11000 || /already exists/i.test(err.message));

export async function bootstrapDatabase(
  client: MongoClient,
  dbName: string,
  users: readonly UserPassword[],
  log: Pick<Console, 'error'>,
): Promise<BootstrapReport> {
  const admin = client.db('admin');
  const report: BootstrapReport = {
    roles: { created: [], updated: [] },
    users: { created: [], updated: [] },
    indexes: { created: [], refused: [] },
    unsupported: [],
  };
  const rolesSupported = new Map<string, boolean>();
  for (const { spec } of users) rolesSupported.set(spec.role, await applyRole(admin, spec, dbName, report));
  for (const u of users) await applyUser(admin, u, rolesSupported.get(u.spec.role) === true, report);
  // Indexes are created here, once per deploy, not by the functions (which may not create them).
  const indexes = await ensureIndexes(client.db(dbName), log);
  return { ...report, indexes };
}

async function applyRole(admin: Db, spec: DatabaseUserSpec, dbName: string, report: BootstrapReport) {
  const privileges = rolePrivileges(spec, dbName);
  try {
    await admin.command({ createRole: spec.role, privileges, roles: [] });
    report.roles.created.push(spec.role);
    return true;
  } catch (err) {
    if (isUnsupported(err)) {
      report.unsupported.push(`createRole ${spec.role}`);
      return false;
    }
    if (!alreadyExists(err)) throw err;
  }
  // Replaces the privileges: a privilege removed from DATABASE_USERS is revoked.
  await admin.command({ updateRole: spec.role, privileges, roles: [] });
  report.roles.updated.push(spec.role);
  return true;
}

async function applyUser(admin: Db, u: UserPassword, withRole: boolean, report: BootstrapReport) {
  const roles = withRole ? [{ role: u.spec.role, db: 'admin' }] : [];
  const found = (await admin.command({ usersInfo: u.spec.user })) as { users?: unknown[] };
  const exists = (found.users?.length ?? 0) > 0;
  // Password and roles are set on every run: a user changed by hand is brought back in line.
  if (exists) {
    await admin.command({ updateUser: u.spec.user, pwd: u.password, roles });
    report.users.updated.push(u.spec.user);
  } else {
    await admin.command({ createUser: u.spec.user, pwd: u.password, roles });
    report.users.created.push(u.spec.user);
  }
  if (!withRole) report.unsupported.push(`role of ${u.spec.user} (the user has no role)`);
}
