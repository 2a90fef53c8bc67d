// A family's reservation of places in one session, and the named visitors in it.
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const BOOKING_STATUSES = ['confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type Language = 'zh' | 'en';

export class Booking extends Model<InferAttributes<Booking>, InferCreationAttributes<Booking>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare editionId: number;
  declare sessionId: number;
  declare venueId: number;
  declare status: BookingStatus;
  declare partySize: number;
  declare contactName: string;
  declare contactPhone: string;
  declare language: CreationOptional<Language>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancelledBy: CreationOptional<'family' | 'venue' | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class BookingVisitor extends Model<InferAttributes<BookingVisitor>, InferCreationAttributes<BookingVisitor>> {
  declare id: CreationOptional<number>;
  declare bookingId: number;
  declare sessionId: number;
  declare position: number;
  declare name: string;
  declare idHash: string | null;
  declare idMasked: string | null;
  declare activeIdHash: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function initBookingModels(sequelize: Sequelize) {
  Booking.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      code: { type: DataTypes.STRING(16), allowNull: false, unique: true },
      editionId: { type: DataTypes.INTEGER, allowNull: false },
      sessionId: { type: DataTypes.INTEGER, allowNull: false },
      venueId: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      partySize: { type: DataTypes.INTEGER, allowNull: false },
      contactName: { type: DataTypes.STRING(100), allowNull: false },
      contactPhone: { type: DataTypes.STRING(20), allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'zh' },
      cancelledAt: { type: DataTypes.DATE(3), allowNull: true },
      cancelledBy: { type: DataTypes.STRING(16), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'bookings', underscored: true },
  );
  BookingVisitor.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      bookingId: { type: DataTypes.INTEGER, allowNull: false },
      sessionId: { type: DataTypes.INTEGER, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      idHash: { type: DataTypes.STRING(64), allowNull: true },
      idMasked: { type: DataTypes.STRING(18), allowNull: true },
      activeIdHash: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'booking_visitors', underscored: true, updatedAt: false },
  );
  Booking.hasMany(BookingVisitor, { foreignKey: 'bookingId', as: 'visitors' });
  return { Booking, BookingVisitor };
}
