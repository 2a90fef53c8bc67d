// Staff accounts and their venues, login throttling, the audit log, check-ins, and the notification outbox.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const migration: Migration = {
  name: '003-staff-checkin',
  async up(qi: QueryInterface) {
    await qi.createTable('users', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      display_name: { type: DataTypes.STRING(100), allowNull: true },
      password_hash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // Bumped on logout, password reset and disabling: every token issued before is dead.
      token_version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      ...timestamps,
    });

    await qi.createTable('user_venues', {
      user_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'venues', key: 'id' }, onDelete: 'CASCADE' },
    });
    await qi.addIndex('user_venues', ['venue_id'], { name: 'user_venues_venue' });

    await qi.createTable('login_throttle', {
      throttle_key: { type: DataTypes.STRING(128), allowNull: false, primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      first_failure_at: { type: DataTypes.DATE(3), allowNull: false },
      blocked_until: { type: DataTypes.DATE(3), allowNull: true },
    });

    await qi.createTable('audit_log', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      at: { type: DataTypes.DATE(3), allowNull: false },
      actor_id: { type: DataTypes.INTEGER, allowNull: true },
      actor_username: { type: DataTypes.STRING(64), allowNull: true },
      action: { type: DataTypes.STRING(64), allowNull: false },
      target_type: { type: DataTypes.STRING(32), allowNull: true },
      target_id: { type: DataTypes.STRING(64), allowNull: true },
      venue_id: { type: DataTypes.INTEGER, allowNull: true },
      before_state: { type: DataTypes.TEXT, allowNull: true },
      after_state: { type: DataTypes.TEXT, allowNull: true },
      details: { type: DataTypes.TEXT, allowNull: true },
    });
    await qi.addIndex('audit_log', ['at'], { name: 'audit_log_at' });
    await qi.addIndex('audit_log', ['action', 'at'], { name: 'audit_log_action' });
    await qi.addIndex('audit_log', ['venue_id', 'at'], { name: 'audit_log_venue' });
    await qi.addIndex('audit_log', ['actor_id', 'at'], { name: 'audit_log_actor' });

    await qi.createTable('checkins', {
      // One row per booking: the primary key is what admits a booking exactly once.
      booking_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'bookings', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false },
      admitted: { type: DataTypes.INTEGER, allowNull: false },
      user_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' } },
      gate: { type: DataTypes.STRING(32), allowNull: true },
      checked_in_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('checkins', ['session_id'], { name: 'checkins_session' });
    await qi.addIndex('checkins', ['venue_id', 'checked_in_at'], { name: 'checkins_venue_time' });

    await qi.createTable('notifications', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      // What makes a message unique (e.g. "session-cancelled:<booking code>"): never queued twice.
      dedupe_key: { type: DataTypes.STRING(128), allowNull: false, unique: true },
      template: { type: DataTypes.STRING(48), allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false },
      phone: { type: DataTypes.STRING(20), allowNull: false },
      payload: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
      sent_at: { type: DataTypes.DATE(3), allowNull: true },
      last_error: { type: DataTypes.STRING(500), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('notifications', ['status', 'next_attempt_at'], { name: 'notifications_due' });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('notifications');
    await qi.dropTable('checkins');
    await qi.dropTable('audit_log');
    await qi.dropTable('login_throttle');
    await qi.dropTable('user_venues');
    await qi.dropTable('users');
  },
};
