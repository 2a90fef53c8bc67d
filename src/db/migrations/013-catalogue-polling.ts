// Indexes for the catalogue's read model (src/modules/catalogue/refresh.ts): each instance asks every fraction of a
// second which sessions of its edition, and which venues, changed since it last looked.
import type { QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '013-catalogue-polling',
  async up(qi: QueryInterface) {
    await qi.addIndex('sessions', ['edition_id', 'updated_at'], { name: 'sessions_edition_updated' });
    await qi.addIndex('venues', ['updated_at'], { name: 'venues_updated' });
  },
  async down(qi: QueryInterface) {
    await qi.removeIndex('venues', 'venues_updated');
    await qi.removeIndex('sessions', 'sessions_edition_updated');
  },
};
