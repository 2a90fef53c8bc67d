// A laboratory or science-popularisation base that opens its doors during the week.
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const VENUE_KINDS = ['lab', 'science_base'] as const;
export const VENUE_LEVELS = ['national', 'provincial'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export type VenueLevel = (typeof VENUE_LEVELS)[number];

export class Venue extends Model<InferAttributes<Venue>, InferCreationAttributes<Venue>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare kind: VenueKind;
  declare level: VenueLevel;
  declare designationZh: string;
  declare designationEn: string;
  declare nameZh: string;
  declare nameEn: string;
  declare hostZh: string;
  declare hostEn: string;
  declare district: string | null;
  declare addressZh: string | null;
  declare fieldZh: string;
  declare fieldEn: string;
  declare descriptionZh: string | null;
  declare descriptionEn: string | null;
  declare minAge: number;
  declare maxPartySize: number | null;
  declare realNameRequired: boolean;
  declare accessibilityZh: string | null;
  declare accessibilityEn: string | null;
  declare contactPhone: string | null;
  declare contactEmail: string | null;
  declare source: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initVenue(sequelize: Sequelize): typeof Venue {
  Venue.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: false },
      designationZh: { type: DataTypes.STRING(200), allowNull: false },
      designationEn: { type: DataTypes.STRING(300), allowNull: false },
      nameZh: { type: DataTypes.STRING(200), allowNull: false },
      nameEn: { type: DataTypes.STRING(300), allowNull: false },
      hostZh: { type: DataTypes.STRING(200), allowNull: false },
      hostEn: { type: DataTypes.STRING(300), allowNull: false },
      district: { type: DataTypes.STRING(32), allowNull: true },
      addressZh: { type: DataTypes.STRING(300), allowNull: true },
      fieldZh: { type: DataTypes.STRING(500), allowNull: false },
      fieldEn: { type: DataTypes.STRING(500), allowNull: false },
      descriptionZh: { type: DataTypes.TEXT, allowNull: true },
      descriptionEn: { type: DataTypes.TEXT, allowNull: true },
      minAge: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      maxPartySize: { type: DataTypes.INTEGER, allowNull: true },
      realNameRequired: { type: DataTypes.BOOLEAN, allowNull: false },
      accessibilityZh: { type: DataTypes.TEXT, allowNull: true },
      accessibilityEn: { type: DataTypes.TEXT, allowNull: true },
      contactPhone: { type: DataTypes.STRING(32), allowNull: true },
      contactEmail: { type: DataTypes.STRING(200), allowNull: true },
      source: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'venues', underscored: true },
  );
  return Venue;
}
