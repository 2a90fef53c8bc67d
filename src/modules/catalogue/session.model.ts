// A time slot at a venue on one day of an edition, with a hard capacity.
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const SESSION_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  declare id: CreationOptional<number>;
  declare editionId: number;
  declare venueId: number;
  /** Local date in the edition's timezone. */
  declare date: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare capacity: number;
  /** Σ party sizes of confirmed bookings; changed only by atomic conditional updates. */
  declare booked: CreationOptional<number>;
  declare status: CreationOptional<SessionStatus>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initSession(sequelize: Sequelize): typeof Session {
  Session.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      editionId: { type: DataTypes.INTEGER, allowNull: false },
      venueId: { type: DataTypes.INTEGER, allowNull: false },
      date: { type: DataTypes.DATEONLY, allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      booked: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'sessions', underscored: true },
  );
  return Session;
}
