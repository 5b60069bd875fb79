import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Condition } from 'aws-cdk-lib/aws-stepfunctions';
import type * as z from 'zod';
import { phaseInput, TASKS, type TaskName } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';

/**
 * A JSONPath into an execution's state whose value has the type `T`. Made only from a schema's
 * field names (`pathsOf`), so a field renamed in the schema no longer has a path here.
 */
export class StatePath<T> {
  /** Never set: carries `T`, so a path to a number cannot fill a field that wants a string. */
  declare readonly valueType?: T;
  constructor(readonly path: string) {}
}

type KeysOf<T> = T extends unknown ? keyof T & string : never;
type ValueOf<T, K extends string> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type Branches<V> = NonNullable<V> extends readonly unknown[] ? unknown : NonNullable<V> extends object ? Paths<NonNullable<V>> : unknown;

/** The path of every field of `T` (of every variant, for a union), nested objects included. */
export type Paths<T> = { readonly [K in KeysOf<T>]: StatePath<ValueOf<T, K>> & Branches<ValueOf<T, K>> };

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
}

/** The fields a schema has, through optional, default and union wrappers; none for a leaf. */
const fieldsOf = (schema: z.ZodType): Record<string, z.ZodType> => {
  const def = schema.def as unknown as SchemaDef;
  if (def.type === 'object') return def.shape!;
  if (def.type === 'union') return Object.assign({}, ...def.options!.map(fieldsOf)) as Record<string, z.ZodType>;
  if (def.innerType) return fieldsOf(def.innerType);
  return {};
};

/** Where in the state a schema's value is kept (`$.plan`), and the path of each of its fields (`$.plan.windows.answer`). */
export const pathsOf = <S extends z.ZodType>(base: string, schema: S): StatePath<z.output<S>> & Paths<z.output<S>> =>
  Object.assign(
    new StatePath<z.output<S>>(base),
    Object.fromEntries(Object.entries(fieldsOf(schema)).map(([key, field]) => [key, pathsOf(`${base}.${key}`, field)])),
  ) as StatePath<z.output<S>> & Paths<z.output<S>>;

/** A field of a task's payload: a constant of its type, a path to a value of its type, or, for an object, its fields likewise. */
export type Field<V> = V | StatePath<V> | (NonNullable<V> extends readonly unknown[] ? never : NonNullable<V> extends object ? Fields<NonNullable<V>> : never);
export type Fields<T> = { [K in keyof T]?: Field<T[K]> };

/** The input type of a task's payload, from its schema. */
export type TaskInput<K extends TaskName> = z.input<(typeof TASKS)[K]['input']>;
export type TaskOutput<K extends TaskName> = z.output<(typeof TASKS)[K]['output']>;

/** A function the state machines call, with the name of its contract in `TASKS`. */
export interface Task<K extends TaskName> {
  name: K;
  fn: IFunction;
}

export const tasksOf = (fn: WorkflowFunctions): { [K in TaskName]: Task<K> } =>
  Object.fromEntries((Object.keys(TASKS) as TaskName[]).map((name) => [name, { name, fn: fn[name] }])) as { [K in TaskName]: Task<K> };

/** A payload as Step Functions reads it: `field.$` for a path, the constant as it is otherwise, in the order given. */
export const render = (fields: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields).map(([key, value]): [string, unknown] =>
      value instanceof StatePath
        ? [`${key}.$`, value.path]
        : value && typeof value === 'object' && !Array.isArray(value)
          ? [key, render(value as object)]
          : [key, value],
    ),
  );

/** Compares the value at a path with a constant of its type. */
export const equals = <T extends string | number | boolean>(at: StatePath<T | undefined>, value: NoInfer<T>): Condition =>
  typeof value === 'string'
    ? Condition.stringEquals(at.path, value)
    : typeof value === 'number'
      ? Condition.numberEquals(at.path, value)
      : Condition.booleanEquals(at.path, value);

/** A run's own input: the state's `$.relationshipId`, `$.phase`. */
export const input = pathsOf('$', phaseInput);

/** Payload fragments: the state carries ids and numbers, handlers read the rest from DynamoDB. */
export const relationshipOf = { relationshipId: input.relationshipId };
export const phaseOf = { ...relationshipOf, phase: input.phase };
