import type avro from 'avsc';

export type Mode = 'backward' | 'forward' | 'full';

interface RecordLike {
  fields: avro.types.Field[];
}

function canResolve(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

const describe = (type: avro.Type) => type.name ?? type.typeName;
const at = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * Why `reader` cannot read data written with `writer`, one message per field at fault, named by
 * its path (`amount`, `address.city`) so a CI log says what to fix. avsc's own message names types
 * only ("cannot read long as int"), hence this walk; it descends only where avsc refuses.
 */
export function explain(reader: avro.Type, writer: avro.Type, path = ''): string[] {
  if (reader.typeName === 'record' && writer.typeName === 'record') {
    const writerFields = (writer as unknown as RecordLike).fields;
    return (reader as unknown as RecordLike).fields.flatMap((field) => {
      const name = at(path, field.name);
      const source = writerFields.find((w) => w.name === field.name || field.aliases.includes(w.name));
      if (!source) {
        return field.defaultValue() === undefined
          ? [
              `field ${name}: the reader expects it, the writer's data lacks it and it has no default (add a default, or an alias if it was renamed)`,
            ]
          : [];
      }
      if (canResolve(field.type, source.type)) return [];
      const inner = explain(field.type, source.type, name);
      return inner.length > 0
        ? inner
        : [`field ${name}: cannot read ${describe(source.type)} as ${describe(field.type)}`];
    });
  }
  if (reader.typeName === 'enum' && writer.typeName === 'enum') {
    const known = new Set((reader as avro.types.EnumType).symbols);
    const unknown = (writer as avro.types.EnumType).symbols.filter((s) => !known.has(s));
    return [
      `field ${path || describe(reader)}: symbol${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} unknown to the reader, whose enum has no default`,
    ];
  }
  return [`field ${path || describe(reader)}: cannot read ${describe(writer)} as ${describe(reader)}`];
}

/** Errors of one direction: none when avsc can build the resolver. */
function direction(label: string, reader: avro.Type, writer: avro.Type): string[] {
  if (canResolve(reader, writer)) return [];
  const reasons = explain(reader, writer);
  return (reasons.length > 0 ? reasons : ['the reader cannot resolve the writer']).map((r) => `${label}: ${r}`);
}

/**
 * Backward: the candidate reads data written with the current schema (consumers upgrade first).
 * Forward: the current schema reads the candidate's data (producers upgrade first). Full: both.
 */
export function checkCompatibility(current: avro.Type, candidate: avro.Type, mode: Mode): string[] {
  const errors: string[] = [];
  if (mode !== 'forward') errors.push(...direction('backward', candidate, current));
  if (mode !== 'backward') errors.push(...direction('forward', current, candidate));
  return errors;
}
