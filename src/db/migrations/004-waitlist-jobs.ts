// Waiting lists, no-show records, scheduled-job leases and the nightly statistics.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '004-waitlist-jobs',
  async up(qi: QueryInterface) {
    await qi.createTable('waitlist_entries', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      party_size: { type: DataTypes.INTEGER, allowNull: false },
      contact_name: { type: DataTypes.STRING(100), allowNull: false },
      contact_phone: { type: DataTypes.STRING(20), allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false },
      // Names with keyed hashes and masked forms of ID numbers, never the numbers themselves.
      visitors: { type: DataTypes.TEXT, allowNull: false },
      offered_at: { type: DataTypes.DATE(3), allowNull: true },
      offer_expires_at: { type: DataTypes.DATE(3), allowNull: true },
      booking_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'bookings', key: 'id' } },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('waitlist_entries', ['session_id', 'status', 'id'], { name: 'waitlist_session_queue' });
    await qi.addIndex('waitlist_entries', ['status', 'offer_expires_at'], { name: 'waitlist_offers_due' });

    await qi.createTable('no_shows', {
      booking_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'bookings', key: 'id' } },
      edition_id: { type: DataTypes.INTEGER, allowNull: false },
      session_id: { type: DataTypes.INTEGER, allowNull: false },
      phone: { type: DataTypes.STRING(20), allowNull: false },
      /** People of the party who did not come. */
      missing: { type: DataTypes.INTEGER, allowNull: false },
      /** Nobody of the party came: counts against the phone. */
      whole_party: { type: DataTypes.BOOLEAN, allowNull: false },
      marked_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('no_shows', ['session_id'], { name: 'no_shows_session' });

    await qi.createTable('session_closeouts', {
      session_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'sessions', key: 'id' } },
      closed_at: { type: DataTypes.DATE(3), allowNull: false },
    });

    await qi.createTable('job_runs', {
      // "<job>:<scheduled instant>": the first instance to insert it runs that fire.
      run_key: { type: DataTypes.STRING(191), allowNull: false, primaryKey: true },
      job: { type: DataTypes.STRING(64), allowNull: false },
      instance: { type: DataTypes.STRING(100), allowNull: false },
      started_at: { type: DataTypes.DATE(3), allowNull: false },
      finished_at: { type: DataTypes.DATE(3), allowNull: true },
      outcome: { type: DataTypes.STRING(500), allowNull: true },
    });
    await qi.addIndex('job_runs', ['job', 'started_at'], { name: 'job_runs_job' });

    await qi.createTable('daily_stats', {
      edition_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      date: { type: DataTypes.DATEONLY, allowNull: false, primaryKey: true },
      sessions: { type: DataTypes.INTEGER, allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      booked_people: { type: DataTypes.INTEGER, allowNull: false },
      admitted_people: { type: DataTypes.INTEGER, allowNull: false },
      no_show_people: { type: DataTypes.INTEGER, allowNull: false },
      cancelled_bookings: { type: DataTypes.INTEGER, allowNull: false },
      computed_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('daily_stats');
    await qi.dropTable('job_runs');
    await qi.dropTable('session_closeouts');
    await qi.dropTable('no_shows');
    await qi.dropTable('waitlist_entries');
  },
};
