// Families' booking endpoints. Thin: validate, call the service, answer.
import Router from '@koa/router';
import QRCode from 'qrcode';
import type { Clock } from '../../shared/clock.js';
import { parse } from '../../shared/http/validate.js';
import { accessQuery, cancelBody, codeParams, createBookingBody, idempotencyKey } from './bookings.schemas.js';
import type { BookingsService } from './bookings.service.js';
import { calendarFile } from './ics.js';

export function bookingRoutes(bookings: BookingsService, clock: Clock): Router {
  const router = new Router();

  router.post('/bookings', async (ctx) => {
    const input = parse(createBookingBody, ctx.request.body);
    const key = ctx.get('idempotency-key') ? parse(idempotencyKey, ctx.get('idempotency-key')) : undefined;
    const result = await bookings.book(input, key);
    ctx.status = result.status;
    ctx.body = result.body;
  });

  router.get('/bookings/:code', async (ctx) => {
    const { code } = parse(codeParams, ctx.params);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await bookings.get(code, parse(accessQuery, ctx.query));
  });

  router.post('/bookings/:code/cancel', async (ctx) => {
    const { code } = parse(codeParams, ctx.params);
    const { phone } = parse(cancelBody, ctx.request.body);
    ctx.body = await bookings.cancel(code, phone);
  });

  router.get('/bookings/:code/qr.png', async (ctx) => {
    const { code } = parse(codeParams, ctx.params);
    const token = await bookings.token(code, parse(accessQuery, ctx.query));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'image/png';
    ctx.body = await QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  });

  router.get('/bookings/:code/qr.svg', async (ctx) => {
    const { code } = parse(codeParams, ctx.params);
    const token = await bookings.token(code, parse(accessQuery, ctx.query));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'image/svg+xml';
    ctx.body = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  });

  router.get('/bookings/:code/calendar.ics', async (ctx) => {
    const { code } = parse(codeParams, ctx.params);
    const view = await bookings.get(code, parse(accessQuery, ctx.query));
    const { session, venue } = view;
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', `attachment; filename="openday-${code}.ics"`);
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.body = calendarFile({
      uid: `${code}@openday`,
      stamp: clock.now(),
      start: new Date(session.startsAt),
      end: new Date(session.endsAt),
      summary: `${venue.name} 开放日参观 / Open day visit: ${venue.nameEn}`,
      location: [venue.name, venue.address].filter(Boolean).join(', '),
      description: `预约码 Booking code: ${code}\n人数 Party size: ${view.partySize}\n请携带身份证件并出示入场二维码。Bring your ID and show the QR code at the door.`,
    });
  });

  return router;
}
