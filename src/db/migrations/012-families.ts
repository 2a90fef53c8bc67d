// Families: one-time codes that prove a phone (kept as keyed hashes, never the code itself), the kind of identity
// document a visitor gave, and indexes for a phone's own bookings and waiting-list entries.
import { DataTypes, type QueryInterface } from 'sequelize';
import { dropColumn } from './drop-column.js';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '012-families',
  async up(qi: QueryInterface) {
    await qi.createTable('phone_codes', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      phone: { type: DataTypes.STRING(20), allowNull: false },
      // HMAC of phone and code: a database reader cannot recover a code that is still valid.
      code_hash: { type: DataTypes.STRING(64), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      used_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('phone_codes', ['phone', 'id'], { name: 'phone_codes_phone' });
    await qi.addIndex('phone_codes', ['expires_at'], { name: 'phone_codes_expires' });
    // "My bookings": every booking and waiting-list entry of a phone, across editions.
    await qi.addIndex('bookings', ['contact_phone'], { name: 'bookings_phone' });
    await qi.addIndex('waitlist_entries', ['contact_phone'], { name: 'waitlist_entries_phone' });
    // The kind of identity document a visitor gave (null: none, or a mainland ID card from before this column).
    await qi.addColumn('booking_visitors', 'id_type', { type: DataTypes.STRING(16), allowNull: true });
  },
  async down(qi: QueryInterface) {
    await dropColumn(qi, 'booking_visitors', 'id_type');
    await qi.removeIndex('waitlist_entries', 'waitlist_entries_phone');
    await qi.removeIndex('bookings', 'bookings_phone');
    await qi.dropTable('phone_codes');
  },
};
