// The shared rate-limit counters on MySQL (rate-limiter-flexible's MySQL store: key, points used, window end in ms),
// and staff devices trusted for sign-in. SQLite counts limits in its one process and needs no table for them.
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types.js';

export const migration: Migration = {
  name: '008-rate-limits',
  async up(qi: QueryInterface) {
    if (qi.sequelize.getDialect() === 'mysql') {
      await qi.createTable('rate_limits', {
        key: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
        points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        expire: { type: DataTypes.BIGINT.UNSIGNED, allowNull: true },
      });
      await qi.addIndex('rate_limits', ['expire'], { name: 'rate_limits_expire' });
    }
    // The old sign-in counters are replaced by the rate limits.
    await qi.dropTable('login_throttle');
  },
  async down(qi: QueryInterface) {
    await qi.createTable('login_throttle', {
      throttle_key: { type: DataTypes.STRING(128), allowNull: false, primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      first_failure_at: { type: DataTypes.DATE(3), allowNull: false },
      blocked_until: { type: DataTypes.DATE(3), allowNull: true },
    });
    if (qi.sequelize.getDialect() === 'mysql') await qi.dropTable('rate_limits');
  },
};
