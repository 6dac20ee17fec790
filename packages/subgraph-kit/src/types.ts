/** The arguments of a resolver as GraphQL Code Generator types it (a function or `{ resolve }`). */
export type ArgsOf<R> = R extends (parent: never, args: infer A, context: never, info: never) => unknown
  ? A
  : R extends { resolve: (parent: never, args: infer A, context: never, info: never) => unknown }
    ? A
    : never;

/**
 * Each mutation's arguments by name, from a subgraph's generated `MutationResolvers`: the policy table's rules
 * then see the same argument types as the resolvers (`definePolicy<Ctx, MutationArgsOf<MutationResolvers>, Db>`).
 */
export type MutationArgsOf<M> = { [K in keyof M]-?: ArgsOf<NonNullable<M[K]>> };

/** Another department's entity as this subgraph receives it: its key only (a LivelihoodModel extended by id). */
export interface IdReference {
  readonly id: string;
}
