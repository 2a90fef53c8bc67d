// Builds model instances from the columns of a raw (joined) SELECT, for hot paths where one query should load
// several models: what findByPk does, without its per-query overhead.
import type { Model, ModelStatic } from 'sequelize';

interface AttributeLike {
  field?: string;
  type: { key?: string };
}

function columns<M extends Model>(model: ModelStatic<M>): [string, AttributeLike][] {
  return Object.entries(model.getAttributes() as Record<string, AttributeLike>);
}

const selectLists = new Map<string, string>();

/** `alias.column AS alias_column, …` for every attribute of the model (built once per model and alias). */
export function selectList<M extends Model>(model: ModelStatic<M>, alias: string): string {
  const key = `${model.tableName}:${alias}`;
  let list = selectLists.get(key);
  if (list === undefined) {
    list = columns(model)
      .map(([attr, def]) => `${alias}.${def.field ?? attr} AS ${alias}_${def.field ?? attr}`)
      .join(', ');
    selectLists.set(key, list);
  }
  return list;
}

function normalise(type: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'DATE':
      return value instanceof Date ? value : new Date(String(value));
    case 'DATEONLY':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'BOOLEAN':
      return Boolean(Number(value));
    case 'INTEGER':
      return Number(value);
    default:
      return value;
  }
}

/** The instance whose columns a row holds under `alias_column` names (as selectList wrote them). */
export function fromRow<M extends Model>(model: ModelStatic<M>, row: Record<string, unknown>, alias: string): M {
  const values: Record<string, unknown> = {};
  for (const [attr, def] of columns(model)) values[attr] = normalise(def.type.key, row[`${alias}_${def.field ?? attr}`]);
  return model.build(values as never, { raw: true, isNewRecord: false });
}
