// Editions, venues and their sessions.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const migration: Migration = {
  name: '001-catalogue',
  async up(qi: QueryInterface) {
    await qi.createTable('editions', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      slug: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      name_zh: { type: DataTypes.STRING(200), allowNull: false },
      name_en: { type: DataTypes.STRING(200), allowNull: false },
      city_zh: { type: DataTypes.STRING(64), allowNull: false },
      city_en: { type: DataTypes.STRING(64), allowNull: false },
      start_date: { type: DataTypes.DATEONLY, allowNull: false },
      end_date: { type: DataTypes.DATEONLY, allowNull: false },
      timezone: { type: DataTypes.STRING(64), allowNull: false },
      booking_opens_at: { type: DataTypes.DATE(3), allowNull: false },
      rules: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    });
    await qi.addIndex('editions', ['end_date'], { name: 'editions_end_date' });

    await qi.createTable('venues', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: false },
      designation_zh: { type: DataTypes.STRING(200), allowNull: false },
      designation_en: { type: DataTypes.STRING(300), allowNull: false },
      name_zh: { type: DataTypes.STRING(200), allowNull: false },
      name_en: { type: DataTypes.STRING(300), allowNull: false },
      host_zh: { type: DataTypes.STRING(200), allowNull: false },
      host_en: { type: DataTypes.STRING(300), allowNull: false },
      district: { type: DataTypes.STRING(32), allowNull: true },
      address_zh: { type: DataTypes.STRING(300), allowNull: true },
      field_zh: { type: DataTypes.STRING(500), allowNull: false },
      field_en: { type: DataTypes.STRING(500), allowNull: false },
      description_zh: { type: DataTypes.TEXT, allowNull: true },
      description_en: { type: DataTypes.TEXT, allowNull: true },
      min_age: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      max_party_size: { type: DataTypes.INTEGER, allowNull: true },
      real_name_required: { type: DataTypes.BOOLEAN, allowNull: false },
      accessibility_zh: { type: DataTypes.TEXT, allowNull: true },
      accessibility_en: { type: DataTypes.TEXT, allowNull: true },
      contact_phone: { type: DataTypes.STRING(32), allowNull: true },
      contact_email: { type: DataTypes.STRING(200), allowNull: true },
      source: { type: DataTypes.TEXT, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('venues', ['kind', 'level'], { name: 'venues_kind_level' });
    await qi.addIndex('venues', ['district'], { name: 'venues_district' });

    await qi.createTable('sessions', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' }, onDelete: 'CASCADE' },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'venues', key: 'id' }, onDelete: 'CASCADE' },
      date: { type: DataTypes.DATEONLY, allowNull: false },
      starts_at: { type: DataTypes.DATE(3), allowNull: false },
      ends_at: { type: DataTypes.DATE(3), allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      booked: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
      ...timestamps,
    });
    // A venue runs one slot at a time; this also makes seeding repeatable.
    await qi.addIndex('sessions', ['venue_id', 'starts_at'], { name: 'sessions_venue_starts', unique: true });
    await qi.addIndex('sessions', ['edition_id', 'date', 'venue_id'], { name: 'sessions_edition_date_venue' });
    await qi.addIndex('sessions', ['edition_id', 'venue_id', 'date'], { name: 'sessions_edition_venue_date' });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('sessions');
    await qi.dropTable('venues');
    await qi.dropTable('editions');
  },
};
