// One row per person (keyed hash of the ID number) and edition: the row a booking locks before it checks that
// person's other visits, so two bookings of one person into overlapping sessions cannot both pass.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '005-person-locks',
  async up(qi: QueryInterface) {
    await qi.createTable('person_locks', {
      edition_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'editions', key: 'id' } },
      id_hash: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
    });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('person_locks');
  },
};
