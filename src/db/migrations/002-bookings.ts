// Bookings and their visitors, per-phone counters, and stored responses for idempotent retries.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const migration: Migration = {
  name: '002-bookings',
  async up(qi: QueryInterface) {
    await qi.createTable('bookings', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      code: { type: DataTypes.STRING(16), allowNull: false, unique: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'venues', key: 'id' } },
      status: { type: DataTypes.STRING(16), allowNull: false },
      party_size: { type: DataTypes.INTEGER, allowNull: false },
      contact_name: { type: DataTypes.STRING(100), allowNull: false },
      // Kept in full: families are reached by phone, and organisers may have to trace contacts.
      contact_phone: { type: DataTypes.STRING(20), allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'zh' },
      cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
      cancelled_by: { type: DataTypes.STRING(16), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('bookings', ['session_id', 'status'], { name: 'bookings_session_status' });
    await qi.addIndex('bookings', ['edition_id', 'contact_phone'], { name: 'bookings_edition_phone' });
    await qi.addIndex('bookings', ['venue_id'], { name: 'bookings_venue' });

    await qi.createTable('booking_visitors', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      booking_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'bookings', key: 'id' }, onDelete: 'CASCADE' },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      position: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      // Never the ID number itself: an HMAC for duplicate checks and a masked form for display.
      id_hash: { type: DataTypes.STRING(64), allowNull: true },
      id_masked: { type: DataTypes.STRING(18), allowNull: true },
      // id_hash while the booking is confirmed, NULL once cancelled: one confirmed place per person and session.
      active_id_hash: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('booking_visitors', ['booking_id'], { name: 'booking_visitors_booking' });
    await qi.addIndex('booking_visitors', ['id_hash'], { name: 'booking_visitors_id_hash' });
    await qi.addIndex('booking_visitors', ['session_id', 'active_id_hash'], { name: 'booking_visitors_session_person', unique: true });

    await qi.createTable('phone_counters', {
      edition_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'editions', key: 'id' } },
      phone: { type: DataTypes.STRING(20), allowNull: false, primaryKey: true },
      confirmed_bookings: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      no_shows: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestamps,
    });

    await qi.createTable('idempotency_keys', {
      scope: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
      idem_key: { type: DataTypes.STRING(128), allowNull: false, primaryKey: true },
      request_hash: { type: DataTypes.STRING(64), allowNull: false },
      status_code: { type: DataTypes.INTEGER, allowNull: false },
      response: { type: DataTypes.TEXT, allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('idempotency_keys', ['created_at'], { name: 'idempotency_keys_created' });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('idempotency_keys');
    await qi.dropTable('phone_counters');
    await qi.dropTable('booking_visitors');
    await qi.dropTable('bookings');
  },
};
