import {
  GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString, coerceInputValue, getNullableType, isEnumType, isInputObjectType,
  isListType, isNonNullType, isScalarType, print, typeFromAST,
  type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';

/** A variable given as text (command line, URL query) that the operation cannot take. */
export class VariableError extends Error {
  override readonly name = 'VariableError';
}

/** Text values by variable name; a repeated name (`--var code=1 --var code=2`) gives several. */
export type TextVariables = Readonly<Record<string, string | readonly string[]>>;

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** One text value as the JSON value the named type expects; left as text when it does not fit, so coercion names the problem. */
function leafFromText(type: GraphQLInputType, text: string): unknown {
  if (type === GraphQLInt) return INTEGER.test(text) ? Number(text) : text;
  if (type === GraphQLFloat) return NUMBER.test(text) ? Number(text) : text;
  if (type === GraphQLBoolean) {
    const lower = text.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : text;
  }
  if (type === GraphQLID || type === GraphQLString || isEnumType(type)) return text;
  if (isInputObjectType(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VariableError(`expects a JSON object for ${type.name}, got ${text}`);
    }
  }
  // A custom scalar (Vnd, Date, YearMonth): numbers travel as JSON numbers, everything else as text.
  return isScalarType(type) && NUMBER.test(text) ? Number(text) : text;
}

function fromText(type: GraphQLInputType, texts: readonly string[]): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = texts.length === 1 && texts[0]!.trim().startsWith('[')
      ? (() => {
        try {
          return JSON.parse(texts[0]!) as unknown[];
        } catch {
          throw new VariableError(`is not a JSON list: ${texts[0]}`);
        }
      })()
      : texts.flatMap((t) => t.split(',')).map((t) => t.trim());
    return items.map((item) => (typeof item === 'string' ? fromText(nullable.ofType as GraphQLInputType, [item]) : item));
  }
  if (texts.length > 1) throw new VariableError(`takes one value, got ${texts.length}`);
  return leafFromText(nullable as GraphQLInputType, texts[0]!);
}

/**
 * Turns text values into the operation's variables, typed by its variable definitions: Int, Float and Boolean
 * become JSON numbers and booleans, ID, String and enums stay text, input objects are JSON, lists take commas
 * (`--var codes=22783,22786`), repeated values or a JSON list. Unknown names, missing required variables and
 * values the type refuses throw a VariableError naming the variable and its type.
 */
export function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, given: TextVariables): Record<string, unknown> {
  const definitions = operation.variableDefinitions ?? [];
  const signature = definitions.map((d) => `$${d.variable.name.value}: ${print(d.type)}`).join(', ') || 'no variables';
  for (const name of Object.keys(given)) {
    if (!definitions.some((d) => d.variable.name.value === name)) {
      throw new VariableError(`Unknown variable ${name}: ${operation.name?.value ?? 'the operation'} takes ${signature}`);
    }
  }
  const variables: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const typeText = print(definition.type);
    if (!type) throw new VariableError(`Variable $${name}: unknown type ${typeText}`);
    const raw = given[name];
    if (raw === undefined) {
      if (isNonNullType(type) && !definition.defaultValue) throw new VariableError(`Variable $${name} of type ${typeText} is required`);
      continue;
    }
    const texts = typeof raw === 'string' ? [raw] : raw;
    let value: unknown;
    try {
      value = fromText(type, texts);
    } catch (error) {
      if (error instanceof VariableError) throw new VariableError(`Variable $${name} of type ${typeText} ${error.message}`);
      throw error;
    }
    coerceInputValue(value, type, (path, _invalid, error) => {
      const where = path.length > 0 ? ` at ${path.join('.')}` : '';
      throw new VariableError(`Variable $${name} of type ${typeText}${where}: ${error.message}`);
    });
    variables[name] = value;
  }
  return variables;
}
