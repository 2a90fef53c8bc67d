// The door as it really is: admissions per visitor (a party may come in 2 + 1), undoable with a reason; the birth date
// read from a visitor's ID number (the door shows the age on the visit day; the number itself is never kept); and the
// offline scanners' synced entries (idempotent by device and sequence, conflicts kept for the venue's manager).
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { dropColumn } from './drop-column.js';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '011-door',
  async up(qi: QueryInterface) {
    await qi.addColumn('booking_visitors', 'born_on', { type: DataTypes.STRING(10), allowNull: true });

    await qi.createTable('admissions', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      booking_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'bookings', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      venue_id: { type: DataTypes.INTEGER, allowNull: false },
      // The visitor let in, or null for a place of a party admitted by count (a group without names).
      visitor_id: { type: DataTypes.INTEGER, allowNull: true },
      // The visitor's position in the party (0 … party size − 1).
      slot: { type: DataTypes.INTEGER, allowNull: false },
      // slot while the admission stands, NULL once undone: each place of a party is admitted at most once.
      active_slot: { type: DataTypes.INTEGER, allowNull: true },
      user_id: { type: DataTypes.INTEGER, allowNull: true },
      gate: { type: DataTypes.STRING(32), allowNull: true },
      // Set when the admission came from an offline scanner's queue.
      device_id: { type: DataTypes.STRING(64), allowNull: true },
      device_seq: { type: DataTypes.INTEGER, allowNull: true },
      // When the visitor was scanned (the device's clock for offline scans) and when the server recorded it.
      scanned_at: { type: DataTypes.DATE(3), allowNull: false },
      recorded_at: { type: DataTypes.DATE(3), allowNull: false },
      undone_at: { type: DataTypes.DATE(3), allowNull: true },
      undone_by: { type: DataTypes.INTEGER, allowNull: true },
      undo_reason: { type: DataTypes.STRING(200), allowNull: true },
    });
    await qi.addIndex('admissions', ['booking_id', 'active_slot'], { name: 'admissions_active_slot', unique: true });
    await qi.addIndex('admissions', ['session_id'], { name: 'admissions_session' });
    await qi.addIndex('admissions', ['venue_id', 'scanned_at'], { name: 'admissions_venue_time' });

    await qi.createTable('door_sync_entries', {
      device_id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      seq: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      user_id: { type: DataTypes.INTEGER, allowNull: true },
      venue_id: { type: DataTypes.INTEGER, allowNull: true },
      booking_id: { type: DataTypes.INTEGER, allowNull: true },
      gate: { type: DataTypes.STRING(32), allowNull: true },
      scanned_at: { type: DataTypes.DATE(3), allowNull: false },
      // accepted | conflict | invalid, and what the answer said (JSON), given back when the entry is sent again.
      result: { type: DataTypes.STRING(16), allowNull: false },
      answer: { type: DataTypes.TEXT, allowNull: false },
      recorded_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('door_sync_entries', ['venue_id', 'result', 'scanned_at'], { name: 'door_sync_venue_result' });

    await qi.createTable('door_conflicts', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      venue_id: { type: DataTypes.INTEGER, allowNull: false },
      session_id: { type: DataTypes.INTEGER, allowNull: false },
      booking_id: { type: DataTypes.INTEGER, allowNull: false },
      visitor_id: { type: DataTypes.INTEGER, allowNull: true },
      // The admission that stands (the earlier scan) and the scan that lost (later, recorded here, never dropped).
      admission_id: { type: DataTypes.INTEGER, allowNull: false },
      device_id: { type: DataTypes.STRING(64), allowNull: true },
      device_seq: { type: DataTypes.INTEGER, allowNull: true },
      user_id: { type: DataTypes.INTEGER, allowNull: true },
      gate: { type: DataTypes.STRING(32), allowNull: true },
      scanned_at: { type: DataTypes.DATE(3), allowNull: false },
      recorded_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('door_conflicts', ['venue_id', 'scanned_at'], { name: 'door_conflicts_venue' });

    // Check-ins made before: their people become admissions of the first visitors of the party.
    const checkins = await qi.sequelize.query<{
      booking_id: number;
      session_id: number;
      venue_id: number;
      admitted: number;
      user_id: number | null;
      gate: string | null;
      checked_in_at: unknown;
    }>('SELECT booking_id, session_id, venue_id, admitted, user_id, gate, checked_in_at FROM checkins ORDER BY booking_id', { type: QueryTypes.SELECT });
    for (const c of checkins) {
      const visitors = await qi.sequelize.query<{ id: number }>('SELECT id FROM booking_visitors WHERE booking_id = :id ORDER BY position', {
        type: QueryTypes.SELECT,
        replacements: { id: c.booking_id },
      });
      for (let slot = 0; slot < Number(c.admitted); slot++) {
        await qi.sequelize.query(
          `INSERT INTO admissions (booking_id, session_id, venue_id, visitor_id, slot, active_slot, user_id, gate, scanned_at, recorded_at)
           VALUES (:bookingId, :sessionId, :venueId, :visitorId, :slot, :slot, :userId, :gate, :at, :at)`,
          {
            replacements: {
              bookingId: c.booking_id,
              sessionId: c.session_id,
              venueId: c.venue_id,
              visitorId: visitors[slot]?.id ?? null,
              slot,
              userId: c.user_id,
              gate: c.gate,
              at: c.checked_in_at,
            },
          },
        );
      }
    }
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('door_conflicts');
    await qi.dropTable('door_sync_entries');
    await qi.dropTable('admissions');
    await dropColumn(qi, 'booking_visitors', 'born_on');
  },
};
