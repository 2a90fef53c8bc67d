// Holds: places kept for someone for a while (a waiting-list offer), owned by the places ledger. An offer used to hold
// its places only as a number in sessions.booked; now each offer points at its hold row, and the hold's places still
// count in sessions.booked (so the session's counters do not change here).
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '006-place-holds',
  async up(qi: QueryInterface) {
    await qi.createTable('place_holds', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      edition_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'editions', key: 'id' } },
      session_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sessions', key: 'id' } },
      places: { type: DataTypes.INTEGER, allowNull: false },
      // active → redeemed (a booking took the places), released (given up, or the session was cancelled) or expired
      status: { type: DataTypes.STRING(16), allowNull: false },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex('place_holds', ['status', 'expires_at'], { name: 'place_holds_due' });
    await qi.addIndex('place_holds', ['session_id', 'status'], { name: 'place_holds_session' });
    await qi.addColumn('waitlist_entries', 'hold_id', { type: DataTypes.INTEGER, allowNull: true, references: { model: 'place_holds', key: 'id' } });

    // Offers standing now become holds of their own.
    const offered = await qi.sequelize.query<{
      id: number;
      edition_id: number;
      session_id: number;
      party_size: number;
      offer_expires_at: unknown;
      offered_at: unknown;
    }>("SELECT id, edition_id, session_id, party_size, offer_expires_at, offered_at FROM waitlist_entries WHERE status = 'offered' ORDER BY id", {
      type: QueryTypes.SELECT,
    });
    const now = new Date();
    for (const w of offered) {
      const [holdId] = await qi.sequelize.query(
        `INSERT INTO place_holds (edition_id, session_id, places, status, expires_at, created_at, updated_at)
         VALUES (:editionId, :sessionId, :places, 'active', :expiresAt, :createdAt, :now)`,
        {
          type: QueryTypes.INSERT,
          replacements: {
            editionId: w.edition_id,
            sessionId: w.session_id,
            places: w.party_size,
            expiresAt: w.offer_expires_at ?? now,
            createdAt: w.offered_at ?? now,
            now,
          },
        },
      );
      await qi.sequelize.query('UPDATE waitlist_entries SET hold_id = :holdId WHERE id = :id', { replacements: { holdId, id: w.id } });
    }
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('waitlist_entries', 'hold_id');
    await qi.dropTable('place_holds');
  },
};
