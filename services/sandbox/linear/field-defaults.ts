import {
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLOutputType,
} from 'graphql';

/**
 * Value for a field the sandbox program has no data for (Issue.boardOrder, Team.cycleDuration,
 * ...). Nullable fields answer null like an unset field in Linear; non-null ones get their
 * type's zero value so @linear/sdk's own fragments, which select hundreds of such fields,
 * still execute instead of failing on "Cannot return null for non-nullable field".
 */
export function zeroValue(type: GraphQLOutputType, epochIso: string): unknown {
  if (!isNonNullType(type)) return null;
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  if (isObjectType(inner)) return {};
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  if (!isScalarType(inner)) return null;
  switch (inner.name) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'DateTime':
      return epochIso;
    case 'TimelessDate':
      return epochIso.slice(0, 10);
    case 'JSONObject':
      return {};
    case 'JSON':
      return '{}';
    default:
      return '';
  }
}

/** The source's own property when it has one, else the field type's zero value. */
export function field(source: unknown, name: string, type: GraphQLOutputType, epochIso: string): unknown {
  if (typeof source === 'object' && source !== null && Object.hasOwn(source, name)) {
    const value: unknown = (source as Record<string, unknown>)[name];
    if (value !== undefined) return value;
  }
  return zeroValue(type, epochIso);
}
