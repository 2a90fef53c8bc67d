// Run as a script: migrates the database named by its first argument and adds a bookable world to it (see
// bookableWorld), printing its ids as JSON. A process of its own, because the models are classes bound to one
// Sequelize instance: opening a second database in the test process would take them away from the suite's.
import { parseDatabaseUrl } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { Migrator } from '../../src/db/migrator.js';
import { silentLogger } from '../../src/shared/logger.js';
import { bookableWorld } from './live-server.js';

const [url, capacity = '20', kind = 'science_base'] = process.argv.slice(2);
if (!url) throw new Error('usage: bookable-world-cli.ts <database url> [capacity] [lab|science_base]');
const db = openDatabase(parseDatabaseUrl(url, 2, false), silentLogger);
try {
  await new Migrator(db, silentLogger).up();
  const { edition, venue, session } = await bookableWorld(db, { capacity: Number(capacity), kind: kind as 'lab' | 'science_base' });
  process.stdout.write(`${JSON.stringify({ editionId: edition.id, venueId: venue.id, sessionId: session.id })}\n`);
} finally {
  await db.close();
}
