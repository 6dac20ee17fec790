import {
  Kind, getNamedType, getNullableType, isCompositeType, isListType, isUnionType, typeFromAST,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLOutputType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * What an operation's answer looks like, field by field (response keys, so aliases count): taken from the
 * operation and the schema rather than from the data, so an empty or null list still has its columns.
 */
export interface ShapeField {
  /** The response key (alias or field name). */
  readonly key: string;
  /** Response keys from the root, joined by dots: `commune.livelihoodModels.name`. */
  readonly path: string;
  /** A list at any depth ([X], [[X]]): its elements become rows, or one joined cell for scalars. */
  readonly list: boolean;
  /** Sub-fields of an object; undefined for a scalar or enum. */
  readonly fields?: readonly ShapeField[];
}

export interface Shape {
  readonly fields: readonly ShapeField[];
}

function isListAnywhere(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

/** The shape of one operation of the document (the only one, or operationName's). */
export function shapeOfOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string): Shape {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) throw new Error(operationName ? `No operation ${operationName} in the document` : 'The document has several operations: name one');
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) throw new Error(`The schema has no ${operation.operation} type`);

  /** Collects fields by response key in document order; fragments on any type of an abstract field merge in. */
  function collect(parent: GraphQLCompositeType, selectionSet: SelectionSetNode, prefix: string, into: Map<string, { field: ShapeField; sets: SelectionSetNode[]; type?: GraphQLOutputType }>): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const name = selection.name.value;
        const type = name === '__typename' || isUnionType(parent) ? undefined : parent.getFields()[name]?.type;
        if (name !== '__typename' && !type) throw new Error(`${parent.name} has no field ${name}`);
        const entry = into.get(key) ?? { field: { key, path: prefix ? `${prefix}.${key}` : key, list: type ? isListAnywhere(type) : false }, sets: [], type };
        if (selection.selectionSet) entry.sets.push(selection.selectionSet);
        into.set(key, entry);
      } else {
        const set = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
        if (!set) throw new Error(`Unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragments.get(selection.name.value)?.typeCondition;
        const narrowed = condition ? typeFromAST(schema, condition) : parent;
        collect(isCompositeType(narrowed) ? narrowed : parent, set, prefix, into);
      }
    }
  }

  function fieldsOf(parent: GraphQLCompositeType, sets: readonly SelectionSetNode[], prefix: string): ShapeField[] {
    const entries = new Map<string, { field: ShapeField; sets: SelectionSetNode[]; type?: GraphQLOutputType }>();
    for (const set of sets) collect(parent, set, prefix, entries);
    return [...entries.values()].map(({ field, sets: childSets, type }) => {
      const named = type ? getNamedType(type) : undefined;
      if (childSets.length === 0 || !named || !isCompositeType(named)) return field;
      return { ...field, fields: fieldsOf(named, childSets, field.path) };
    });
  }

  return { fields: fieldsOf(root, [operation.selectionSet], '') };
}
