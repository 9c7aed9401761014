import {
  getNamedType,
  getNullableType,
  type FieldNode,
  type GraphQLNamedType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  typeFromAST,
  type ValidationContext,
} from "graphql";
import { MAX_PAGE_SIZE } from "../../services/pagination.js";
import { MAX_RESULTS } from "../../services/findings/finding-statistics.js";

/** What executing a selection would cost: its deepest nesting, its estimated fields and its aliases. */
export type Shape = { depth: number; cost: number; aliases: number };

// Arguments that bound how many items the lists directly below a field return, and the largest
// value each accepts: a page size given as a variable (unknown while validating) counts as that.
const PAGE_SIZE_ARGUMENTS: Record<string, number> = { first: MAX_PAGE_SIZE, maxResults: MAX_RESULTS };

function pageSizeOf(field: FieldNode): number | undefined {
  for (const argument of field.arguments ?? []) {
    const largest = PAGE_SIZE_ARGUMENTS[argument.name.value];
    if (largest === undefined) continue;
    if (argument.value.kind === Kind.INT) return Math.min(Number(argument.value.value), largest);
    if (argument.value.kind === Kind.VARIABLE) return largest;
  }
  return undefined;
}

/**
 * Measures selections with fragments expanded. Each fragment is measured once per page size, so a
 * document that spreads fragments into fragments costs its size to measure, not the size it expands to.
 */
export class ShapeMeter {
  private readonly fragments = new Map<string, Shape>();
  private readonly measuring = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly listSize: number,
  ) {}

  selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined, pageSize: number | undefined): Shape {
    const total: Shape = { depth: 0, cost: 0, aliases: 0 };
    for (const selection of set.selections) {
      let part: Shape;
      if (selection.kind === Kind.FIELD) part = this.field(selection, parent, pageSize);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) part = this.fragment(selection.name.value, pageSize);
      else {
        const condition = selection.typeCondition ? typeFromAST(this.context.getSchema(), selection.typeCondition) : undefined;
        part = this.selectionSet(selection.selectionSet, condition ?? parent, pageSize);
      }
      total.depth = Math.max(total.depth, part.depth);
      total.cost += part.cost;
      total.aliases += part.aliases;
    }
    return total;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined, pageSize: number | undefined): Shape {
    const aliases = node.alias ? 1 : 0;
    if (!node.selectionSet) return { depth: 1, cost: 1, aliases };
    const definition = this.definitionOf(node.name.value, parent);
    const ownPageSize = pageSizeOf(node);
    const isList = definition !== undefined && isListType(getNullableType(definition.type));
    const items = isList ? (ownPageSize ?? pageSize ?? this.listSize) : 1;
    const children = this.selectionSet(node.selectionSet, definition && getNamedType(definition.type), ownPageSize);
    return { depth: children.depth + 1, cost: 1 + items * children.cost, aliases: aliases + children.aliases };
  }

  private definitionOf(name: string, parent: GraphQLNamedType | undefined) {
    // Introspection's entry points are no fields of the root type, yet they return lists like any other.
    if (parent === this.context.getSchema().getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  private fragment(name: string, pageSize: number | undefined): Shape {
    const key = `${name}|${pageSize ?? ""}`;
    const known = this.fragments.get(key);
    if (known) return known;
    const definition = this.context.getFragment(name);
    // An unknown or cyclic fragment is reported by graphql's own rules; it adds nothing here.
    if (!definition || this.measuring.has(name)) return { depth: 0, cost: 0, aliases: 0 };
    this.measuring.add(name);
    const shape = this.selectionSet(definition.selectionSet, typeFromAST(this.context.getSchema(), definition.typeCondition), pageSize);
    this.measuring.delete(name);
    this.fragments.set(key, shape);
    return shape;
  }
}

/** How often each root field is selected, aliases and fragments included. */
export function rootFieldCounts(context: ValidationContext, set: SelectionSetNode, counts = new Map<string, number>(), seen = new Set<string>()): Map<string, number> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) counts.set(selection.name.value, (counts.get(selection.name.value) ?? 0) + 1);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldCounts(context, selection.selectionSet, counts, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) rootFieldCounts(context, fragment.selectionSet, counts, seen);
    }
  }
  return counts;
}
