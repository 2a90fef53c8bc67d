// Setting up an edition without a developer: edition status (draft → published → archived), the venues taking part in
// an edition, venue tags and suitable ages, each venue's slot schedule per edition, and district officers' districts.
import { DataTypes, type QueryInterface } from 'sequelize';
import { dropColumn } from './drop-column.js';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '010-setup',
  async up(qi: QueryInterface) {
    // Editions made before this migration were live already: they stay public.
    await qi.addColumn('editions', 'status', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'published' });
    await qi.addColumn('editions', 'copied_from_id', { type: DataTypes.INTEGER, allowNull: true });

    // Tags as the catalogue search reads them: one text, each tag between separators (",恐龙,机器人,").
    await qi.addColumn('venues', 'tags', { type: DataTypes.STRING(1000), allowNull: true });
    await qi.addColumn('venues', 'age_min', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('venues', 'age_max', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('venues', 'visit_minutes', { type: DataTypes.INTEGER, allowNull: true });

    await qi.createTable('edition_venues', {
      edition_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'editions', key: 'id' }, onDelete: 'CASCADE' },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'venues', key: 'id' }, onDelete: 'CASCADE' },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('edition_venues', ['venue_id'], { name: 'edition_venues_venue' });
    // Every venue that already has sessions in an edition takes part in it.
    await qi.sequelize.query(
      'INSERT INTO edition_venues (edition_id, venue_id, created_at) SELECT edition_id, venue_id, MIN(created_at) FROM sessions GROUP BY edition_id, venue_id',
    );

    await qi.createTable('venue_schedules', {
      edition_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'editions', key: 'id' }, onDelete: 'CASCADE' },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'venues', key: 'id' }, onDelete: 'CASCADE' },
      pattern: { type: DataTypes.TEXT, allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });

    await qi.createTable('user_districts', {
      user_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      district: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
    });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('user_districts');
    await qi.dropTable('venue_schedules');
    await qi.dropTable('edition_venues');
    const drop = (table: string, column: string) => dropColumn(qi, table, column);
    for (const c of ['visit_minutes', 'age_max', 'age_min', 'tags']) await drop('venues', c);
    await drop('editions', 'copied_from_id');
    await drop('editions', 'status');
  },
};
