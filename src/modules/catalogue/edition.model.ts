// An edition of the week: its own dates, timezone and booking rules.
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** Rules of an edition; a venue may narrow some of them (minimum age, party size, real names). */
export interface EditionRules {
  /** Bookings close this many minutes before a session starts. */
  bookingCutoffMinutes: number;
  /** Default largest party for venues that set none. */
  maxPartySize: number;
  /** Confirmed bookings one phone may hold in the edition. */
  maxBookingsPerPhone: number;
  /** Check-in opens this many minutes before a session starts … */
  checkinOpensMinutesBefore: number;
  /** … and closes this many minutes after it ends. */
  checkinClosesMinutesAfterEnd: number;
  /** A phone whose whole party missed this many visits may not book again in the edition. */
  noShowLimit: number;
  /** Bookings not checked in this many minutes after their session ended count as no-shows. */
  noShowGraceMinutes: number;
  /** How long a waiting-list offer holds its places (never past the booking cutoff). */
  waitlistOfferMinutes: number;
}

export const DEFAULT_RULES: EditionRules = {
  bookingCutoffMinutes: 60,
  maxPartySize: 5,
  maxBookingsPerPhone: 3,
  checkinOpensMinutesBefore: 30,
  checkinClosesMinutesAfterEnd: 0,
  noShowLimit: 2,
  noShowGraceMinutes: 30,
  waitlistOfferMinutes: 120,
};

export class Edition extends Model<InferAttributes<Edition>, InferCreationAttributes<Edition>> {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare nameZh: string;
  declare nameEn: string;
  declare cityZh: string;
  declare cityEn: string;
  declare startDate: string;
  declare endDate: string;
  declare timezone: string;
  declare bookingOpensAt: Date;
  declare rules: EditionRules;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initEdition(sequelize: Sequelize): typeof Edition {
  Edition.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      slug: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      nameZh: { type: DataTypes.STRING(200), allowNull: false },
      nameEn: { type: DataTypes.STRING(200), allowNull: false },
      cityZh: { type: DataTypes.STRING(64), allowNull: false },
      cityEn: { type: DataTypes.STRING(64), allowNull: false },
      startDate: { type: DataTypes.DATEONLY, allowNull: false },
      endDate: { type: DataTypes.DATEONLY, allowNull: false },
      timezone: { type: DataTypes.STRING(64), allowNull: false },
      bookingOpensAt: { type: DataTypes.DATE(3), allowNull: false },
      rules: {
        type: DataTypes.TEXT,
        allowNull: false,
        // Stored as JSON text: MariaDB's JSON type is LONGTEXT and comes back unparsed.
        get(this: Edition): EditionRules {
          const raw = this.getDataValue('rules') as unknown;
          const parsed = typeof raw === 'string' ? (JSON.parse(raw) as Partial<EditionRules>) : ((raw ?? {}) as Partial<EditionRules>);
          return { ...DEFAULT_RULES, ...parsed };
        },
        set(this: Edition, value: Partial<EditionRules>) {
          this.setDataValue('rules', JSON.stringify(value) as unknown as EditionRules);
        },
      },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'editions', underscored: true },
  );
  return Edition;
}
