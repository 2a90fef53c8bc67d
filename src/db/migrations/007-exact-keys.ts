// Keys that must hold under concurrency and compare exactly:
//   - one active waiting-list entry per phone and session: active_phone is the phone while the entry is waiting or
//     offered, NULL after, under a unique index (a read-then-insert let ten simultaneous joins make eight entries);
//   - Idempotency-Key compared byte for byte on MySQL too (its default collation is case-insensitive, SQLite's is not).
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '007-exact-keys',
  async up(qi: QueryInterface) {
    await qi.addColumn('waitlist_entries', 'active_phone', { type: DataTypes.STRING(20), allowNull: true });
    // Existing active entries keep their phone; where a phone was already active twice, only the first keeps it.
    const active = await qi.sequelize.query<{ id: number; session_id: number; contact_phone: string }>(
      "SELECT id, session_id, contact_phone FROM waitlist_entries WHERE status IN ('waiting', 'offered') ORDER BY id",
      { type: QueryTypes.SELECT },
    );
    const seen = new Set<string>();
    for (const e of active) {
      const key = `${e.session_id}|${e.contact_phone}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await qi.sequelize.query('UPDATE waitlist_entries SET active_phone = contact_phone WHERE id = :id', { replacements: { id: e.id } });
    }
    await qi.addIndex('waitlist_entries', ['session_id', 'active_phone'], { name: 'waitlist_active_phone', unique: true });
    if (qi.sequelize.getDialect() === 'mysql') {
      await qi.sequelize.query('ALTER TABLE idempotency_keys MODIFY idem_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    }
  },
  async down(qi: QueryInterface) {
    if (qi.sequelize.getDialect() === 'mysql') {
      await qi.sequelize.query('ALTER TABLE idempotency_keys MODIFY idem_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL');
    }
    await qi.removeIndex('waitlist_entries', 'waitlist_active_phone');
    await qi.removeColumn('waitlist_entries', 'active_phone');
  },
};
