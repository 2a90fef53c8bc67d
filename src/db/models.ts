// The model registry: every module's models, initialised once per Sequelize instance.
import type { Sequelize } from 'sequelize';
import { initEdition } from '../modules/catalogue/edition.model.js';
import { initSession } from '../modules/catalogue/session.model.js';
import { initVenue } from '../modules/catalogue/venue.model.js';
import { initBookingModels } from '../modules/bookings/booking.model.js';
import { initUser } from '../modules/accounts/user.model.js';

export function initModels(sequelize: Sequelize) {
  const Edition = initEdition(sequelize);
  const Venue = initVenue(sequelize);
  const Session = initSession(sequelize);
  Session.belongsTo(Venue, { foreignKey: 'venueId', as: 'venue' });
  Session.belongsTo(Edition, { foreignKey: 'editionId', as: 'edition' });
  Venue.hasMany(Session, { foreignKey: 'venueId', as: 'sessions' });
  const { Booking, BookingVisitor } = initBookingModels(sequelize);
  Booking.belongsTo(Session, { foreignKey: 'sessionId', as: 'session' });
  const User = initUser(sequelize);
  return { Edition, Venue, Session, Booking, BookingVisitor, User };
}

export type Models = ReturnType<typeof initModels>;
