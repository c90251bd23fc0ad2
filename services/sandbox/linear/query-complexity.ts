import {
  getNamedType,
  isCompositeType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Linear charges an unbounded connection as if it returned its default page of 50. */
const DEFAULT_PAGE = 50;
const SCALAR_COST = 0.1;
const OBJECT_COST = 1;

/**
 * Estimates a query's complexity the way Linear documents it: 0.1 per scalar field, 1 per
 * object, and a connection multiplies its selection by `first`/`last` (50 when omitted). The
 * result is rounded up, as Linear reports it. Pure.
 */
export function estimateComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const onType = schema.getType(fragment.typeCondition.name.value);
        if (onType && isCompositeType(onType)) total += costOf(fragment.selectionSet, onType, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const onType = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (onType && isCompositeType(onType)) total += costOf(selection.selectionSet, onType, seen);
        continue;
      }
      if (!selection.selectionSet) {
        total += SCALAR_COST;
        continue;
      }
      const field = 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
      const fieldType = field ? getNamedType(field.type) : undefined;
      if (!field || !fieldType || !isCompositeType(fieldType)) continue;
      const childCost = costOf(selection.selectionSet, fieldType, seen);
      const isConnection = fieldType.name.endsWith('Connection') && field.args.some((arg) => arg.name === 'first');
      if (!isConnection) {
        total += OBJECT_COST + childCost;
        continue;
      }
      const pageArg = (selection.arguments ?? []).find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
      const requested: unknown = pageArg ? valueFromASTUntyped(pageArg.value, variables) : undefined;
      const page = typeof requested === 'number' && requested >= 0 ? requested : DEFAULT_PAGE;
      total += OBJECT_COST + page * childCost;
    }
    return total;
  };

  // Float sums like 12304.999999999998 are what Linear prints; round to a stable integer.
  return Math.ceil(Math.round(costOf(operation.selectionSet, root, new Set()) * 1000) / 1000);
}
