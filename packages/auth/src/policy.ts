import {
  defaultFieldResolver, getNullableType, isNonNullType, isObjectType,
  type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema,
} from 'graphql';
import { covers, coversUnit, type Caller, type Department, type Role } from './caller';
import { forbidden, unauthenticated } from '@ntg/errors';

type MaybePromise<T> = T | Promise<T>;

/** Arguments of a field as graphql-js passes them (already coerced: input objects are plain objects). */
export type FieldArgs = Record<string, any>;

/**
 * The unit(s) a write touches, from its arguments: a commune code (or district, or province code), several
 * codes (all must lie inside the caller's area). It runs inside the write's transaction (`tx`), so it can lock
 * the record it reads (`SELECT … FOR UPDATE`): a household moved meanwhile cannot be written by an officer of
 * its old commune. Null/undefined means the area cannot be determined and the write is refused; throw
 * NOT_FOUND yourself when the record does not exist.
 */
export type AreaOf<TContext, TArgs = FieldArgs, TTx = unknown> = (args: TArgs, context: TContext, tx: TTx) => MaybePromise<string | readonly string[] | null | undefined>;

// Rules declare their functions as methods: method parameters are compared bivariantly, so a policy typed with a
// subgraph's own argument types still fits wherever a policy of any arguments is expected.
interface AuditedRule<TArgs> {
  /** Entity name for denied attempts in the audit trail ("Household"); default the field name. */
  entity?: string;
  /** Entity key for denied attempts in the audit trail, from the arguments. */
  entityKey?(args: TArgs): string | null | undefined;
}

/** A write by the officers of the department owning the data, inside their area. */
export interface WriteRule<TContext = any, TArgs = FieldArgs, TTx = unknown> extends AuditedRule<TArgs> {
  /** The department that owns the data. */
  write: Department;
  /** Roles of that department that may write; default officers only. */
  roles?: readonly Role[];
  /** See AreaOf. */
  area(args: TArgs, context: TContext, tx: TTx): MaybePromise<string | readonly string[] | null | undefined>;
}

/** A supervision record: the Front's supervisors (and its officers) write them anywhere in their area. */
export interface SupervisionRule<TContext = any, TArgs = FieldArgs, TTx = unknown> extends AuditedRule<TArgs> {
  /** Default FRONT. */
  department?: Department;
  /** See AreaOf. */
  area(args: TArgs, context: TContext, tx: TTx): MaybePromise<string | readonly string[] | null | undefined>;
}

/** The department and unit(s) a record names as the one to write it (the addressee of a recommendation). */
export interface Addressee {
  department: Department;
  /** See AreaOf: the unit code(s) the caller's area must cover. */
  area: string | readonly string[];
}

/**
 * A write by officers of the department a record is addressed to, inside the addressed area: a recommendation
 * of the Front answered by the office it names. The department is not known from the field alone, so it is read
 * from the record inside the write's transaction, like `area` (lock the record you read).
 */
export interface AddressedRule<TContext = any, TArgs = FieldArgs, TTx = unknown> extends AuditedRule<TArgs> {
  /** Roles of the addressed department that may write; default officers only. */
  roles?: readonly Role[];
  /** The record's addressee; null/undefined refuses the write; throw NOT_FOUND yourself when there is no record. */
  addressee(args: TArgs, context: TContext, tx: TTx): MaybePromise<Addressee | null | undefined>;
}

/** A personal-data field: readable only by officers of the owner (DOLISA) whose area covers the record's commune. */
export interface PersonalRule<TContext = any> {
  /** The record's commune, from the parent object (the row the type resolves from), possibly through a loader. */
  communeOf: (parent: any, context: TContext) => MaybePromise<string | null | undefined>;
  /** Default DOLISA. */
  owner?: Department;
  /**
   * Departments whose officers of the record's area may read it; default the owner alone. (Finance's money to a
   * household is read by the DOLISA officers who may read the household's name and the Finance officers who pay it.)
   */
  readers?: readonly Department[];
}

/** Who may read a restricted field: departments and/or roles (both must match when both are given). */
export interface Grant {
  departments?: readonly Department[];
  roles?: readonly Role[];
}

/** A restricted field (an audit log): the callers matching the rule's own grant or any grant of `anyOf`. */
export interface RestrictedRule extends Grant {
  anyOf?: readonly Grant[];
}

export type DeniedKind = 'mutation' | 'personal' | 'restricted';

/** A refused attempt, passed to the policy's onDenied hook (the audit trail records it). */
export interface DeniedEvent {
  readonly kind: DeniedKind;
  readonly caller: Caller;
  /** "Mutation.registerHousehold", "Household.headName". */
  readonly coordinate: string;
  /** The field name: the operation for the audit trail. */
  readonly operation: string;
  readonly entity: string;
  readonly entityKey: string | null;
  readonly reason: string;
  /** Area codes the attempt touched, when known. */
  readonly areas: readonly string[];
}

/** Arguments of each mutation by name: `MutationArgsOf<MutationResolvers>` from a subgraph's generated types. */
export type MutationArgsMap = Record<string, FieldArgs>;

export interface SubgraphPolicy<TContext = any, TArgs extends MutationArgsMap = MutationArgsMap, TTx = unknown> {
  /** Every Mutation field must appear in exactly one of `mutations`, `supervision`, `addressed`: building the schema fails otherwise. */
  mutations?: { [K in keyof TArgs]?: WriteRule<TContext, TArgs[K], TTx> };
  supervision?: { [K in keyof TArgs]?: SupervisionRule<TContext, TArgs[K], TTx> };
  addressed?: { [K in keyof TArgs]?: AddressedRule<TContext, TArgs[K], TTx> };
  /** "Type.field" → rule. The field must be nullable: for everyone else it resolves to null with FORBIDDEN. */
  personal?: Record<string, PersonalRule<TContext>>;
  /** "Type.field" → who may read it. The field must be nullable. */
  restricted?: Record<string, RestrictedRule>;
  /** Called for every refused attempt (after the decision, before the FORBIDDEN error); errors are logged, not raised. */
  onDenied?: (event: DeniedEvent, context: TContext) => MaybePromise<void>;
}

/**
 * Identity function that gives a policy table its types:
 * `export const policy = definePolicy<DolisaContext, MutationArgsOf<MutationResolvers>, Db>({ … })`.
 */
export function definePolicy<TContext = any, TArgs extends MutationArgsMap = MutationArgsMap, TTx = unknown>(
  policy: SubgraphPolicy<TContext, TArgs, TTx>,
): SubgraphPolicy<TContext, TArgs, TTx> {
  return policy;
}

/**
 * How the policy runs a write: in one transaction that the area decision and the resolver share. The subgraph
 * kit supplies a database transaction; without one (unit tests of the policy alone) there is none.
 */
export interface WriteRuntime<TContext = any, TTx = unknown> {
  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  inTransaction<T>(context: TContext, work: (tx: TTx) => Promise<T>): Promise<T>;
  /** The context the mutation's resolver sees: the request's, plus what it needs to write inside `tx`. */
  withinTransaction(context: TContext, tx: TTx, operation: string, areas: readonly string[]): TContext;
}

const NO_TRANSACTION: WriteRuntime = {
  inTransaction: (_context, work) => work(undefined),
  withinTransaction: (context) => context,
};

// ---------------------------------------------------------------------------------------------------------------
// Decisions (pure, also usable by resolvers that filter lists)

export type Decision = { allowed: true } | { allowed: false; reason: string };
const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** May the caller write data of `department` as one of `roles`? (The area is checked separately.) */
export function writerDecision(caller: Caller, department: Department, roles: readonly Role[], operation: string): Decision {
  if (caller.department !== department) return deny(`${operation} is ${department}'s to write; a ${caller.department} ${caller.role} may not`);
  if (!roles.includes(caller.role)) return deny(`${operation} is written by ${department} ${roles.join(' or ')}s; a ${caller.role} may not`);
  return ALLOW;
}

/** Is every unit inside the caller's area? */
export function areaDecision(caller: Caller, units: readonly string[]): Decision {
  if (units.length === 0) return deny('The area of the record could not be determined');
  const outside = units.find((code) => !coversUnit(caller, code));
  return outside === undefined ? ALLOW : deny(`Unit ${outside} is outside your area (${caller.areaLevel.toLowerCase()} ${caller.area})`);
}

/** May the caller read personal data of a record in `communeCode`? `readers`: the department(s) whose officers may. */
export function mayReadPersonal(caller: Caller, communeCode: string | null | undefined, readers: Department | readonly Department[] = 'DOLISA'): boolean {
  const departments: readonly Department[] = typeof readers === 'string' ? [readers] : readers;
  return departments.includes(caller.department) && caller.role === 'officer' && typeof communeCode === 'string' && covers(caller, communeCode);
}

function matchesGrant(caller: Caller, grant: Grant): boolean {
  if (!grant.departments && !grant.roles) return false;
  return (!grant.departments || grant.departments.includes(caller.department)) && (!grant.roles || grant.roles.includes(caller.role));
}

export function restrictedDecision(caller: Caller, rule: RestrictedRule, coordinate: string): Decision {
  if (matchesGrant(caller, rule) || (rule.anyOf ?? []).some((grant) => matchesGrant(caller, grant))) return ALLOW;
  return deny(`${coordinate} is not readable by a ${caller.department} ${caller.role}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Applying a policy to a schema

export class PolicyError extends Error {
  override name = 'PolicyError';
}

function callerOf(context: unknown): Caller {
  const caller = (context as { caller?: Caller } | null | undefined)?.caller;
  if (!caller) throw unauthenticated('Not authenticated');
  return caller;
}

function toCodes(area: string | readonly string[] | null | undefined): string[] {
  if (area === null || area === undefined) return [];
  return (typeof area === 'string' ? [area] : [...area]).filter((c) => typeof c === 'string' && c.length > 0);
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}

async function notifyDenied<TContext>(policy: Pick<SubgraphPolicy<TContext>, 'onDenied'>, event: DeniedEvent, context: TContext): Promise<void> {
  if (!policy.onDenied) return;
  try {
    await policy.onDenied(event, context);
  } catch (error) {
    console.error(`[auth] onDenied hook failed for ${event.coordinate}:`, error);
  }
}

/** One audit event per request and field for personal reads: a list of 500 households is one attempt, not 500. */
const personalDenialsSeen = new WeakMap<object, Set<string>>();
function firstPersonalDenial(context: unknown, coordinate: string): boolean {
  if (typeof context !== 'object' || context === null) return true;
  let seen = personalDenialsSeen.get(context);
  if (!seen) personalDenialsSeen.set(context, (seen = new Set()));
  if (seen.has(coordinate)) return false;
  seen.add(coordinate);
  return true;
}

function resolverOf(field: GraphQLField<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return field.resolve ?? defaultFieldResolver;
}

function fieldAt(schema: GraphQLSchema, coordinate: string, subgraph: string): GraphQLField<unknown, unknown> {
  const [typeName, fieldName, ...rest] = coordinate.split('.');
  if (!typeName || !fieldName || rest.length > 0) throw new PolicyError(`${subgraph} policy: "${coordinate}" is not a Type.field coordinate`);
  const type = schema.getType(typeName);
  if (!type || !isObjectType(type)) throw new PolicyError(`${subgraph} policy names ${coordinate}, but ${typeName} is not an object type of the schema`);
  const field = type.getFields()[fieldName];
  if (!field) throw new PolicyError(`${subgraph} policy names ${coordinate}, but the schema has no such field`);
  return field;
}

/** Thrown inside the write's transaction to roll it back when the area decision refuses. */
class AreaRefused extends Error {
  constructor(readonly reason: string, readonly areas: readonly string[]) {
    super(reason);
  }
}

/** Who writes, as a rule knows it: a fixed department (mutations, supervision) or the record's addressee. */
interface WriterCheck<TContext, TTx> {
  /** Before the transaction: the caller's department and role, as far as the rule alone decides them. */
  before(caller: Caller, operation: string): Decision;
  /** Inside the transaction: the unit codes touched, and the writing department when the record names it. */
  target(args: FieldArgs, context: TContext, tx: TTx): Promise<{ areas: string[]; department?: Department }>;
  readonly roles: readonly Role[];
}

function fixedWriter<TContext, TTx>(department: Department, roles: readonly Role[], area: AreaOf<TContext, FieldArgs, TTx>): WriterCheck<TContext, TTx> {
  return {
    roles,
    before: (caller, operation) => writerDecision(caller, department, roles, operation),
    target: async (args, context, tx) => ({ areas: toCodes(await area(args, context, tx)) }),
  };
}

function addressedWriter<TContext, TTx>(rule: AddressedRule<TContext, FieldArgs, TTx>): WriterCheck<TContext, TTx> {
  const roles = rule.roles ?? ['officer'];
  return {
    roles,
    before: (caller, operation) => roles.includes(caller.role)
      ? ALLOW
      : deny(`${operation} is written by ${roles.join(' or ')}s of the addressed department; a ${caller.role} may not`),
    target: async (args, context, tx) => {
      const addressee = await rule.addressee(args, context, tx);
      return addressee ? { areas: toCodes(addressee.area), department: addressee.department } : { areas: [] };
    },
  };
}

function wrapWrite<TContext, TTx>(
  policy: Pick<SubgraphPolicy<TContext>, 'onDenied'>,
  runtime: WriteRuntime<TContext, TTx>,
  field: GraphQLField<unknown, unknown>,
  rule: AuditedRule<FieldArgs>,
  writer: WriterCheck<TContext, TTx>,
): void {
  const original = resolverOf(field);
  const coordinate = `Mutation.${field.name}`;
  const refuse = async (caller: Caller, args: FieldArgs, context: TContext, reason: string, areas: readonly string[]): Promise<never> => {
    await notifyDenied(policy, {
      kind: 'mutation', caller, coordinate, operation: field.name, entity: rule.entity ?? field.name,
      entityKey: rule.entityKey?.(args) ?? null, reason, areas,
    }, context);
    throw forbidden(reason);
  };
  field.resolve = async (parent, args: FieldArgs, context, info) => {
    const caller = callerOf(context);
    const before = writer.before(caller, field.name);
    if (!before.allowed) return refuse(caller, args, context as TContext, before.reason, []);
    try {
      return await runtime.inTransaction(context as TContext, async (tx) => {
        const { areas, department } = await writer.target(args, context as TContext, tx);
        // A record that names its writer (an addressee) decides the department only now.
        const named = department === undefined ? ALLOW : writerDecision(caller, department, writer.roles, field.name);
        const decision = named.allowed ? areaDecision(caller, areas) : named;
        if (!decision.allowed) throw new AreaRefused(decision.reason, areas);
        return original(parent, args, runtime.withinTransaction(context as TContext, tx, field.name, areas), info);
      });
    } catch (error) {
      // The refusal is audited after the rollback, so the DENIED entry survives it.
      if (error instanceof AreaRefused) return refuse(caller, args, context as TContext, error.reason, error.areas);
      throw error;
    }
  };
}

function wrapPersonal<TContext>(policy: Pick<SubgraphPolicy<TContext>, 'onDenied'>, typeName: string, field: GraphQLField<unknown, unknown>, rule: PersonalRule<TContext>): void {
  const original = resolverOf(field);
  const coordinate = `${typeName}.${field.name}`;
  const readers = rule.readers ?? [rule.owner ?? 'DOLISA'];
  const refuse = async (caller: Caller, context: unknown, commune: string | null | undefined): Promise<never> => {
    const reason = !readers.includes(caller.department) || caller.role !== 'officer'
      ? `${coordinate} is personal data, readable only by ${readers.join(' or ')} officers of the record's area`
      : `${coordinate} is personal data of a record outside your area (${caller.areaLevel.toLowerCase()} ${caller.area})`;
    if (firstPersonalDenial(context, coordinate)) {
      await notifyDenied(policy, {
        kind: 'personal', caller, coordinate, operation: `read ${coordinate}`, entity: typeName, entityKey: null, reason,
        areas: commune ? [commune] : [],
      }, context as TContext);
    }
    throw forbidden(reason);
  };
  field.resolve = (parent, args, context, info) => {
    const caller = callerOf(context);
    // Only the readers' officers get as far as looking the record's commune up.
    if (!readers.includes(caller.department) || caller.role !== 'officer') return refuse(caller, context, null);
    const decide = (commune: string | null | undefined) =>
      mayReadPersonal(caller, commune, readers) ? original(parent, args, context, info) : refuse(caller, context, commune);
    const commune = rule.communeOf(parent, context as TContext);
    return isThenable(commune) ? commune.then(decide) : decide(commune);
  };
}

function wrapRestricted<TContext>(policy: Pick<SubgraphPolicy<TContext>, 'onDenied'>, typeName: string, field: GraphQLField<unknown, unknown>, rule: RestrictedRule): void {
  const original = resolverOf(field);
  const coordinate = `${typeName}.${field.name}`;
  field.resolve = async (parent, args, context, info) => {
    const caller = callerOf(context);
    const decision = restrictedDecision(caller, rule, coordinate);
    if (!decision.allowed) {
      await notifyDenied(policy, {
        kind: 'restricted', caller, coordinate, operation: `read ${coordinate}`, entity: typeName, entityKey: null, reason: decision.reason, areas: [],
      }, context as TContext);
      throw forbidden(decision.reason);
    }
    return original(parent, args, context, info);
  };
}

/**
 * Enforces a policy on an executable schema by wrapping resolvers in place (default resolvers too). Throws a
 * PolicyError when a Mutation field has no entry (nothing is writable by accident), when an entry names a field
 * the schema does not have, or when a personal or restricted field is non-null (it could not resolve to null).
 */
export function applyPolicy<TContext, TTx = unknown>(
  schema: GraphQLSchema,
  policy: SubgraphPolicy<TContext, MutationArgsMap, TTx> = {},
  subgraph = 'subgraph',
  runtime: WriteRuntime<TContext, TTx> = NO_TRANSACTION as WriteRuntime<TContext, TTx>,
): GraphQLSchema {
  const writes = policy.mutations ?? {};
  const supervision = policy.supervision ?? {};
  const addressed = policy.addressed ?? {};
  const kinds = { mutations: writes, supervision, addressed } as const;
  const mutationType = schema.getMutationType();
  const mutationFields = mutationType ? mutationType.getFields() : {};

  const problems: string[] = [];
  for (const name of Object.keys(mutationFields)) {
    const declaredIn = Object.entries(kinds).filter(([, rules]) => name in rules).map(([kind]) => `policy.${kind}`);
    if (declaredIn.length === 0) problems.push(`Mutation.${name} has no policy entry (declare it in policy.mutations, policy.supervision or policy.addressed)`);
    if (declaredIn.length > 1) problems.push(`Mutation.${name} is declared in both ${declaredIn.join(' and ')}`);
  }
  for (const name of [...Object.keys(writes), ...Object.keys(supervision), ...Object.keys(addressed)]) {
    if (!(name in mutationFields)) problems.push(`the policy declares Mutation.${name}, but the schema has no such mutation`);
  }
  if (problems.length > 0) throw new PolicyError(`${subgraph}: ${problems.join('; ')}`);

  for (const [name, rule] of Object.entries(writes)) {
    wrapWrite(policy, runtime, mutationFields[name]!, rule!, fixedWriter(rule!.write, rule!.roles ?? ['officer'], rule!.area.bind(rule)));
  }
  for (const [name, rule] of Object.entries(supervision)) {
    wrapWrite(policy, runtime, mutationFields[name]!, rule!, fixedWriter(rule!.department ?? 'FRONT', ['supervisor', 'officer'], rule!.area.bind(rule)));
  }
  for (const [name, rule] of Object.entries(addressed)) {
    wrapWrite(policy, runtime, mutationFields[name]!, rule!, addressedWriter(rule!));
  }
  const fieldRules: [string, 'personal' | 'restricted'][] = [
    ...Object.keys(policy.personal ?? {}).map((c) => [c, 'personal'] as [string, 'personal']),
    ...Object.keys(policy.restricted ?? {}).map((c) => [c, 'restricted'] as [string, 'restricted']),
  ];
  const seen = new Set<string>();
  for (const [coordinate, kind] of fieldRules) {
    if (seen.has(coordinate)) throw new PolicyError(`${subgraph} policy declares ${coordinate} twice`);
    seen.add(coordinate);
    const field = fieldAt(schema, coordinate, subgraph);
    if (isNonNullType(field.type)) {
      throw new PolicyError(`${subgraph} policy: ${coordinate} is ${kind} and must be nullable (${String(getNullableType(field.type))}, not ${String(field.type)}) so a refused read is null with FORBIDDEN`);
    }
    const typeName = coordinate.split('.')[0]!;
    if (kind === 'personal') wrapPersonal(policy, typeName, field, policy.personal![coordinate]!);
    else wrapRestricted(policy, typeName, field, policy.restricted![coordinate]!);
  }
  return schema;
}

/** Reads the caller from a resolver's context; UNAUTHENTICATED when there is none. */
export function requireCaller(context: unknown): Caller {
  return callerOf(context);
}
