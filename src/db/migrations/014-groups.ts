// Personal data that leaves when its purpose ends (an edition's retention rule and the mark of its erasure), draws
// for oversubscribed sessions (the draw with its committed seed, the applications, the people of each application, so
// one person applies once per draw), and group visits (a teacher's request for a class, and its largest size per venue).
import { DataTypes, type QueryInterface } from 'sequelize';
import { dropColumn } from './drop-column.js';
import type { Migration } from './types.js';

const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const migration: Migration = {
  name: '014-groups',
  async up(qi: QueryInterface) {
    // NULL: 13 days after the last day (the notice's 10 June for a week ending 28 May).
    await qi.addColumn('editions', 'summary_deadline', { type: DataTypes.DATEONLY, allowNull: true });
    await qi.addColumn('editions', 'retention_days', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 30 });
    await qi.addColumn('editions', 'personal_data_erased_at', { type: DataTypes.DATE(3), allowNull: true });

    await qi.createTable('draws', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, unique: true, references: { model: 'sessions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false },
      // open (taking applications until closes_at) → drawn
      status: { type: DataTypes.STRING(16), allowNull: false },
      opens_at: { type: DataTypes.DATE(3), allowNull: false },
      closes_at: { type: DataTypes.DATE(3), allowNull: false },
      confirm_minutes: { type: DataTypes.INTEGER, allowNull: false },
      // 64 hex characters, kept secret until the draw; seed_hash (SHA-256 of the seed's text) is public from the start.
      seed: { type: DataTypes.STRING(64), allowNull: false },
      seed_hash: { type: DataTypes.STRING(64), allowNull: false },
      hash_published_at: { type: DataTypes.DATE(3), allowNull: false },
      places: { type: DataTypes.INTEGER, allowNull: true },
      drawn_at: { type: DataTypes.DATE(3), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('draws', ['status', 'closes_at'], { name: 'draws_due' });

    await qi.createTable('draw_applications', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      draw_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'draws', key: 'id' } },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false },
      // applied → won (offered places) | waiting (on the waiting list in draw order) | excluded (won another draw that day)
      status: { type: DataTypes.STRING(16), allowNull: false },
      party_size: { type: DataTypes.INTEGER, allowNull: false },
      contact_name: { type: DataTypes.STRING(100), allowNull: false },
      contact_phone: { type: DataTypes.STRING(20), allowNull: false },
      // The phone while personal data is kept (NULL once erased): one application per phone and draw.
      phone_key: { type: DataTypes.STRING(20), allowNull: true },
      language: { type: DataTypes.STRING(8), allowNull: false },
      visitors: { type: DataTypes.TEXT, allowNull: false },
      draw_rank: { type: DataTypes.INTEGER, allowNull: true },
      waitlist_entry_id: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('draw_applications', ['draw_id', 'phone_key'], { name: 'draw_applications_phone', unique: true });
    await qi.addIndex('draw_applications', ['edition_id'], { name: 'draw_applications_edition' });

    // One row per person (keyed hash of the ID number) and draw: a person applies once per draw, even at once.
    await qi.createTable('draw_persons', {
      draw_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'draws', key: 'id' } },
      id_hash: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      application_id: { type: DataTypes.INTEGER, allowNull: false },
    });

    // NULL: the default group limit (docs/groups.md).
    await qi.addColumn('venues', 'max_group_size', { type: DataTypes.INTEGER, allowNull: true });
    await qi.createTable('group_requests', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'venues', key: 'id' } },
      // requested → offered (approved or proposed: places held) → confirmed (a booking) | declined | expired
      status: { type: DataTypes.STRING(16), allowNull: false },
      school: { type: DataTypes.STRING(200), allowNull: false },
      class_name: { type: DataTypes.STRING(100), allowNull: false },
      pupils: { type: DataTypes.INTEGER, allowNull: false },
      age_from: { type: DataTypes.INTEGER, allowNull: false },
      age_to: { type: DataTypes.INTEGER, allowNull: false },
      // Accompanying adults, named (keyed ID hashes and masked ID numbers where the venue uses real names).
      adults: { type: DataTypes.TEXT, allowNull: false },
      adult_count: { type: DataTypes.INTEGER, allowNull: false },
      preferred: { type: DataTypes.STRING(200), allowNull: false },
      note: { type: DataTypes.STRING(500), allowNull: true },
      contact_name: { type: DataTypes.STRING(100), allowNull: false },
      contact_phone: { type: DataTypes.STRING(20), allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false },
      session_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'sessions', key: 'id' } },
      proposed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      hold_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'place_holds', key: 'id' } },
      offer_expires_at: { type: DataTypes.DATE(3), allowNull: true },
      booking_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'bookings', key: 'id' } },
      reason: { type: DataTypes.STRING(500), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('group_requests', ['venue_id', 'status'], { name: 'group_requests_venue' });
    await qi.addIndex('group_requests', ['contact_phone'], { name: 'group_requests_phone' });
    await qi.addIndex('group_requests', ['status', 'offer_expires_at'], { name: 'group_requests_due' });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('group_requests');
    await dropColumn(qi, 'venues', 'max_group_size');
    await qi.dropTable('draw_persons');
    await qi.dropTable('draw_applications');
    await qi.dropTable('draws');
    await dropColumn(qi, 'editions', 'personal_data_erased_at');
    await dropColumn(qi, 'editions', 'retention_days');
    await dropColumn(qi, 'editions', 'summary_deadline');
  },
};
