import type { QueryInterface } from 'sequelize';

export interface Migration {
  /** Unique and sortable: NNN-what. */
  name: string;
  up(qi: QueryInterface): Promise<void>;
  down(qi: QueryInterface): Promise<void>;
}
