import { expect } from 'chai';
import { createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn } from '../helpers/staff.js';

describe('staff accounts and sign-in', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('when signing in with the right password, then a bearer token, an httpOnly SameSite cookie, and /me answers', async () => {
    h = await startHarness();
    const venue = await createVenue(h.db);
    await h.services.accounts.createUser({ username: 'door.one', password: 'correct horse battery', role: 'door_staff', venueIds: [venue.id] }, null);
    const res = await h.http.post('/api/auth/login', { username: 'door.one', password: 'correct horse battery' });
    expect(res.status).to.equal(200);
    expect(res.body.user).to.include({ username: 'door.one', role: 'door_staff' });
    expect(res.body.user.venueIds).to.deep.equal([venue.id]);
    expect(res.body.user).to.not.have.property('passwordHash');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/openday_session=/);
    expect(cookie.toLowerCase()).to.include('httponly').and.include('samesite=strict');
    const me = await h.http.get('/api/auth/me', { authorization: `Bearer ${res.body.token}` });
    expect(me.status).to.equal(200);
    expect(me.body.username).to.equal('door.one');
    const byCookie = await h.http.get('/api/auth/me', { cookie: cookie.split(';')[0]! });
    expect(byCookie.status).to.equal(200);
  });

  it('when the password or the username is wrong, then the same 401 invalid_credentials', async () => {
    h = await startHarness();
    await h.services.accounts.createUser({ username: 'organiser1', password: 'correct horse battery', role: 'organiser', venueIds: [] }, null);
    const wrong = await h.http.post('/api/auth/login', { username: 'organiser1', password: 'nope nope nope' });
    const unknown = await h.http.post('/api/auth/login', { username: 'nobody', password: 'nope nope nope' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body).to.deep.equal(unknown.body);
    expect(wrong.body.error.code).to.equal('invalid_credentials');
  });

  /** A harness whose rate limits are on, behind a proxy on 127.0.0.1 so each request can come from an address of its own. */
  const limited = (overrides: Record<string, { points: number; seconds: number }> = {}) =>
    startHarness(undefined, { limits: { enabled: true, overrides }, http: { trustedProxies: ['127.0.0.1'] } });
  const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });
  const signIn = (username: string, password: string, headers: Record<string, string>) => h.http.post('/api/auth/login', { username, password }, headers);

  it('when failures repeat for one account from one address, then the sixth attempt is refused 429, even with the right password, until the window ends', async () => {
    // A window long enough for five password checks on a busy machine, short enough to wait out.
    h = await limited({ 'signin.account_ip': { points: 5, seconds: 10 } });
    await h.services.accounts.createUser({ username: 'target', password: 'correct horse battery', role: 'organiser', venueIds: [] }, null);
    for (let i = 0; i < 5; i++) expect((await signIn('target', `guess-${i}-xxxx`, from('10.0.0.1'))).status).to.equal(401);
    const blocked = await signIn('target', 'correct horse battery', from('10.0.0.1'));
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.code).to.equal('too_many_attempts');
    const wait = blocked.body.error.details.retryAfterSeconds as number;
    expect(wait).to.be.within(1, 10);
    expect(blocked.headers.get('retry-after')).to.equal(String(wait));
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await signIn('target', 'correct horse battery', from('10.0.0.1'))).status).to.equal(200);
  });

  it('when 30 wrong passwords for one account arrive at once from one address, then 5 are checked and the rest refused; a right one inside the burst does not sign in', async () => {
    h = await limited();
    await h.services.accounts.createUser({ username: 'burst', password: 'correct horse battery', role: 'organiser', venueIds: [] }, null);
    const answers = await Promise.all(
      Array.from({ length: 31 }, (_, i) => signIn('burst', i === 20 ? 'correct horse battery' : `guess-${i}-xxxx`, from('10.0.0.2'))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length + statuses.filter((s) => s === 200).length, 'checked').to.equal(5);
    expect(statuses.filter((s) => s === 429)).to.have.length(26);
    if (statuses[20] === 200) expect(statuses.filter((s) => s === 401)).to.have.length(4);
  });

  it('when failures come from one address across many accounts, then that address is slowed too', async () => {
    h = await limited({ 'signin.ip': { points: 6, seconds: 600 } });
    for (let i = 0; i < 6; i++) expect((await signIn(`user${i}`, 'whatever-pass', from('10.0.0.3'))).status).to.equal(401);
    const res = await signIn('someone-else', 'whatever-pass', from('10.0.0.3'));
    expect(res.status).to.equal(429);
    expect((await signIn('someone-else', 'whatever-pass', from('10.0.0.4'))).status, 'another address is not').to.equal(401);
  });

  it('when an account is sprayed with wrong passwords from everywhere, then its owner still signs in from a device it signed in on before', async () => {
    h = await limited({ 'signin.account': { points: 10, seconds: 600 } });
    await h.services.accounts.createUser({ username: 'door.one', password: 'correct horse battery', role: 'organiser', venueIds: [] }, null);
    const first = await signIn('door.one', 'correct horse battery', from('10.1.0.1'));
    expect(first.status).to.equal(200);
    const device = /openday_device=[^;]+/.exec(first.headers.get('set-cookie') ?? '')![0];
    for (let i = 0; i < 12; i++) await signIn('door.one', `spray-${i}-xxxx`, from(`10.2.0.${i + 1}`));
    const stranger = await signIn('door.one', 'correct horse battery', from('10.3.0.1'));
    expect(stranger.status, 'an unknown device is locked out for a while').to.equal(429);
    const owner = await signIn('door.one', 'correct horse battery', from('10.3.0.2', { cookie: device }));
    expect(owner.status, 'the known device is not').to.equal(200);
    const forged = await signIn('door.one', 'correct horse battery', from('10.3.0.3', { cookie: `${device.slice(0, -2)}xx` }));
    expect(forged.status, 'a forged device cookie counts as unknown').to.equal(429);
  });

  it('when logged out, then the token no longer works', async () => {
    h = await startHarness();
    const staff = await signedIn(h, 'organiser');
    expect((await h.http.post('/api/auth/logout', undefined, staff.headers)).status).to.equal(204);
    expect((await h.http.get('/api/auth/me', staff.headers)).status).to.equal(401);
  });

  it('when the token has expired, is tampered with, or the account is disabled, then 401', async () => {
    h = await startHarness();
    const staff = await signedIn(h, 'organiser');
    const token = staff.headers.authorization!.slice(7);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await h.http.get('/api/auth/me', { authorization: `Bearer ${tampered}` })).status).to.equal(401);
    h.clock.advance(721 * 60_000);
    expect((await h.http.get('/api/auth/me', staff.headers)).status).to.equal(401);

    h.clock.advance(-721 * 60_000);
    const other = await signedIn(h, 'venue_manager', [(await createVenue(h.db)).id]);
    const organiser = await signedIn(h, 'organiser');
    expect((await h.http.patch(`/api/manage/users/${other.id}`, { disabled: true }, organiser.headers)).status).to.equal(200);
    expect((await h.http.get('/api/auth/me', other.headers)).status).to.equal(401);
    expect((await h.http.post('/api/auth/login', { username: other.username, password: other.password })).status).to.equal(401);
  });

  describe('/api/manage/users', () => {
    it('when an organiser creates, lists, changes and resets an account, then each is audited and a reset ends old sessions', async () => {
      h = await startHarness();
      const organiser = await signedIn(h, 'organiser');
      const [a, b] = [await createVenue(h.db), await createVenue(h.db)];
      const created = await h.http.post(
        '/api/manage/users',
        { username: 'Lab.Manager', password: 'first password', role: 'venue_manager', venueIds: [a.id] },
        organiser.headers,
      );
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ username: 'lab.manager', role: 'venue_manager', disabled: false });
      const login = await h.http.post('/api/auth/login', { username: 'lab.manager', password: 'first password' });
      const userHeaders = { authorization: `Bearer ${login.body.token}` };

      const list = await h.http.get('/api/manage/users', organiser.headers);
      expect(list.body.items.map((u: any) => u.username)).to.include('lab.manager');

      const moved = await h.http.patch(`/api/manage/users/${created.body.id}`, { venueIds: [a.id, b.id] }, organiser.headers);
      expect(moved.body.venueIds).to.deep.equal([a.id, b.id].sort((x, y) => x - y));
      expect((await h.http.get('/api/auth/me', userHeaders)).body.venueIds).to.have.length(2);

      expect((await h.http.patch(`/api/manage/users/${created.body.id}`, { password: 'second password' }, organiser.headers)).status).to.equal(200);
      expect((await h.http.get('/api/auth/me', userHeaders)).status, 'old token revoked by the reset').to.equal(401);
      expect((await h.http.post('/api/auth/login', { username: 'lab.manager', password: 'second password' })).status).to.equal(200);

      const audit = await h.http.get(`/api/manage/audit?targetType=user&targetId=${created.body.id}`, organiser.headers);
      const actions = audit.body.items.map((e: any) => e.action);
      expect(actions).to.include.members(['user.create', 'user.update', 'auth.login']);
      const update = audit.body.items.find((e: any) => e.action === 'user.update' && e.before.venueIds.length === 1);
      expect(update.before.venueIds).to.deep.equal([a.id]);
      expect(update.actor.username).to.equal(organiser.username);
      expect(JSON.stringify(audit.body)).to.not.include('second password');
    });

    it('when the input is bad, then 400 per field; a taken username is 409; venue staff need a venue', async () => {
      h = await startHarness();
      const organiser = await signedIn(h, 'organiser');
      const bad = await h.http.post('/api/manage/users', { username: 'x', password: 'short', role: 'boss' }, organiser.headers);
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).to.deep.equal(['password', 'role', 'username']);
      const noVenue = await h.http.post(
        '/api/manage/users',
        { username: 'door.x', password: 'long enough pw', role: 'door_staff', venueIds: [] },
        organiser.headers,
      );
      expect(noVenue.status).to.equal(400);
      expect(noVenue.body.error.details.fields[0].field).to.equal('venueIds');
      const ghost = await h.http.post(
        '/api/manage/users',
        { username: 'door.y', password: 'long enough pw', role: 'door_staff', venueIds: [424242] },
        organiser.headers,
      );
      expect(ghost.status).to.equal(400);
      const venue = await createVenue(h.db);
      const body = { username: 'door.z', password: 'long enough pw', role: 'door_staff', venueIds: [venue.id] };
      expect((await h.http.post('/api/manage/users', body, organiser.headers)).status).to.equal(201);
      const again = await h.http.post('/api/manage/users', body, organiser.headers);
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('username_taken');
    });

    it('when a venue manager or door staff tries, then 403; anonymous, then 401', async () => {
      h = await startHarness();
      const venue = await createVenue(h.db);
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      expect((await h.http.get('/api/manage/users', manager.headers)).status).to.equal(403);
      expect((await h.http.get('/api/manage/users')).status).to.equal(401);
      expect((await h.http.get('/api/manage/audit', manager.headers)).status).to.equal(403);
    });
  });
});
