// Door scanner: the phone's camera reads the family's QR code (jsQR in a worker), the API decides, and the
// whole screen says what to do — green let in, amber look again, red turn away — with a sound and a buzz.
import { ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { edition, todayOf } from '../lib/edition.js';
import { armSound, signal } from '../lib/feedback.js';
import { field, textInput } from '../lib/form.js';
import { dateTimeOf, groupedCode, number, serverNow, timeRange } from '../lib/format.js';
import { apiText, has, pick, t } from '../lib/i18n.js';
import { notice } from '../lib/layout.js';
import { CODE_PATTERN, normaliseCode } from '../lib/rules.js';
import { staffApi, staffPage, toSignIn, venuesById } from '../lib/staff.js';

/** @typedef {{ id: number, venueId: number, date: string, startsAt: string, endsAt: string, capacity: number, booked: number, status: string, checkedIn: number }} ManagedSession */

const WARN = new Set(['already_checked_in', 'not_checkin_time']);
const FRAME_INTERVAL_MS = 120;
const SAME_CODE_PAUSE_MS = 2000;

export async function render() {
  const page = await staffPage({ title: t('scan.title'), current: 'scan', roles: ['door_staff', 'venue_manager', 'organiser'] });
  if (!page) return;
  const { main } = page;
  main.classList.add('scanner');
  armSound();
  const [e, venues] = await Promise.all([edition(), venuesById()]);
  const today = e ? todayOf(e) : '';
  const opensBefore = (e?.rules.checkinOpensMinutesBefore ?? 30) * 60_000;

  // --- the session whose admissions are counted ---------------------------------------------------------
  /** @type {ManagedSession[]} */
  let sessions = [];
  /** @type {number | undefined} */
  let selected;
  const sessionSelect = h('select', { id: 'scan-session', name: 'session' });
  const countBig = h('p', { class: 'count-big', 'aria-live': 'polite' });
  const countSmall = h('p', { class: 'count-small' });
  sessionSelect.addEventListener('change', () => {
    selected = Number(sessionSelect.value);
    drawCount();
  });

  async function loadSessions() {
    const res = await staffApi(`/api/manage/sessions?date=${today}`);
    sessions = /** @type {ManagedSession[]} */ (res.items).filter((s) => s.status !== 'cancelled');
    if (selected === undefined || !sessions.some((s) => s.id === selected)) selected = currentSession()?.id;
    const manyVenues = new Set(sessions.map((s) => s.venueId)).size > 1;
    replace(
      sessionSelect,
      sessions.length
        ? sessions.map((s) => {
            const v = venues.get(s.venueId);
            const label = `${timeRange(s)}${manyVenues && v ? ' · ' + pick(v.name, v.nameEn) : ''}`;
            return h('option', { value: String(s.id), selected: s.id === selected, text: label });
          })
        : h('option', { value: '', text: t('scan.noSessions') }),
    );
    drawCount();
  }

  /** The session open for check-in now, else the next one today, else the last. */
  function currentSession() {
    const now = serverNow().getTime();
    return (
      sessions.find((s) => Date.parse(s.startsAt) - opensBefore <= now && now <= Date.parse(s.endsAt)) ??
      sessions.find((s) => Date.parse(s.startsAt) > now) ??
      sessions[sessions.length - 1]
    );
  }

  function drawCount() {
    const s = sessions.find((x) => x.id === selected);
    if (!s) {
      countBig.textContent = '—';
      countSmall.textContent = '';
      return;
    }
    countBig.textContent = t('scan.admittedCount', { n: number(s.checkedIn) });
    countSmall.textContent = t('scan.bookedOf', { booked: number(s.booked), capacity: number(s.capacity) });
  }

  // --- camera and decoding --------------------------------------------------------------------------------
  const video = h('video', { muted: true, playsinline: true, autoplay: true, 'aria-hidden': 'true' });
  video.muted = true;
  const camStatus = h('p', { class: 'cam-status', role: 'status', tabindex: '-1' });
  const camButton = h('button', { type: 'button', class: 'button secondary', text: t('scan.startCamera') });
  const canvas = document.createElement('canvas');
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
  const worker = new Worker(new URL('../scan-worker.js', import.meta.url));
  /** @type {MediaStream | undefined} */
  let stream;
  let decoding = false;
  let paused = false;
  let lastText = '';
  let lastDismissedAt = 0;

  async function startCamera() {
    if (!navigator.mediaDevices?.getUserMedia) {
      camStatus.textContent = t('scan.noCameraApi');
      camButton.hidden = true;
      return;
    }
    camStatus.textContent = t('scan.starting');
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      video.srcObject = stream;
      await video.play();
      camStatus.textContent = t('scan.scanning');
      camButton.hidden = true;
      setTimeout(tick, FRAME_INTERVAL_MS);
    } catch (err) {
      const name = /** @type {DOMException} */ (err).name;
      camStatus.textContent = name === 'NotAllowedError' ? t('scan.cameraDenied') : name === 'NotFoundError' ? t('scan.noCamera') : t('scan.cameraFailed');
      camButton.hidden = false;
      stopCamera();
    }
  }

  function stopCamera() {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
  }

  function tick() {
    if (!stream) return;
    if (!paused && !decoding && video.readyState >= 2 && video.videoWidth > 0) {
      const scale = Math.min(1, 800 / video.videoWidth);
      const w = Math.round(video.videoWidth * scale);
      const hgt = Math.round(video.videoHeight * scale);
      canvas.width = w;
      canvas.height = hgt;
      g.drawImage(video, 0, 0, w, hgt);
      const frame = g.getImageData(0, 0, w, hgt);
      decoding = true;
      worker.postMessage({ data: frame.data.buffer, width: w, height: hgt }, [frame.data.buffer]);
    }
    setTimeout(tick, FRAME_INTERVAL_MS);
  }

  worker.onmessage = (event) => {
    decoding = false;
    const text = /** @type {string | null} */ (event.data.text);
    if (!text || paused) return;
    // The code just dismissed is likely still in view: give the staff a moment to move to the next family.
    if (text === lastText && Date.now() - lastDismissedAt < SAME_CODE_PAUSE_MS) return;
    lastText = text;
    const typed = normaliseCode(text);
    void check(text.startsWith('od1.') || !CODE_PATTERN.test(typed) ? { token: text } : { code: typed });
  };

  camButton.addEventListener('click', () => void startCamera());
  document.addEventListener('visibilitychange', () => {
    // A phone in a pocket should not keep its camera on.
    if (document.hidden) stopCamera();
    else if (!stream && camButton.hidden) void startCamera();
  });

  // --- the result screen ----------------------------------------------------------------------------------
  const resultTitle = h('h2', { id: 'result-title', class: 'result-title' });
  const resultBig = h('p', { class: 'result-big' });
  const resultMessage = h('p', { id: 'result-message', class: 'result-message' });
  const resultDetails = h('dl', { class: 'result-details' });
  const next = h('button', { type: 'button', class: 'button result-next', text: t('scan.next') });
  const result = h(
    'div',
    { class: 'result', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'result-title', 'aria-describedby': 'result-message', hidden: true },
    h('div', { class: 'result-body' }, resultTitle, resultBig, resultMessage, resultDetails, next),
  );
  next.addEventListener('click', dismiss);
  result.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') dismiss();
  });

  function dismiss() {
    result.hidden = true;
    paused = false;
    lastDismissedAt = Date.now();
    // Focus goes back to the scanner's status line, not the code field: on a phone that would pop up the keyboard.
    camStatus.focus({ preventScroll: true });
  }

  /**
   * @param {'ok' | 'warn' | 'bad'} kind
   * @param {string} code
   * @param {string} big
   * @param {string} message
   * @param {[string, string][]} details
   */
  function show(kind, code, big, message, details) {
    result.className = `result result-${kind}`;
    result.dataset.result = code;
    resultTitle.textContent = has('scan.result.' + code) ? t('scan.result.' + code) : t('scan.result.refused');
    resultBig.textContent = big;
    resultMessage.textContent = message;
    replace(
      resultDetails,
      details.map(([term, value]) => h('div', null, h('dt', { text: term }), h('dd', { text: value }))),
    );
    result.hidden = false;
    next.focus();
    signal(kind);
  }

  /** @param {{ token: string } | { code: string }} body */
  async function check(body) {
    paused = true;
    try {
      const r = await staffApi('/api/checkins', { method: 'POST', body });
      show('ok', 'admitted', t('scan.people', { n: r.admitted }), apiText(r.message), [
        [t('scan.code'), groupedCode(r.code)],
        [t('scan.session'), timeRange(r.session)],
        [t('scan.visitors'), r.visitors.join('、')],
        ...(r.admitted < r.partySize ? /** @type {[string, string][]} */ ([[t('scan.partySize'), t('scan.people', { n: r.partySize })]]) : []),
      ]);
      if (r.session.id !== selected && sessions.some((s) => s.id === r.session.id)) selected = r.session.id;
      const s = sessions.find((x) => x.id === r.session.id);
      if (s) s.checkedIn += r.admitted;
      drawCount();
    } catch (err) {
      const e = /** @type {ApiError} */ (err);
      if (e instanceof ApiError && e.status === 401) return toSignIn();
      const code = e instanceof ApiError ? e.code : 'network';
      /** @type {[string, string][]} */
      const details = [];
      let big = '';
      if (code === 'already_checked_in') {
        big = t('scan.people', { n: e.details.admitted ?? '?' });
        if (e.details.checkedInAt) details.push([t('scan.checkedInAt'), dateTimeOf(e.details.checkedInAt)]);
        if (e.details.by) details.push([t('scan.by'), String(e.details.by)]);
        if (e.details.gate) details.push([t('scan.gate'), String(e.details.gate)]);
      } else if (code === 'not_checkin_time' && e.details.opensAt) {
        details.push([t('scan.window'), `${dateTimeOf(e.details.opensAt)} – ${dateTimeOf(e.details.closesAt).slice(11)}`]);
      }
      show(WARN.has(code) ? 'warn' : 'bad', code, big, e.message, details);
    } finally {
      // The count comes back from the server, so several phones at one door agree.
      loadSessions().catch(() => undefined);
    }
  }

  // --- typing a code instead ------------------------------------------------------------------------------
  const manual = field({
    label: t('scan.manualLabel'),
    hint: t('scan.manualHint'),
    name: 'code',
    input: textInput({ autocapitalize: 'characters', maxlength: 12, enterkeyhint: 'go' }),
  });
  const manualInput = manual.input;
  const manualForm = h(
    'form',
    { class: 'manual', novalidate: true },
    manual.wrap,
    h('button', { type: 'submit', class: 'button primary', text: t('scan.check') }),
  );
  manualForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = normaliseCode(manualInput.value);
    if (!CODE_PATTERN.test(code)) {
      manual.setError(code ? t('err.code.format') : t('err.code.required'));
      manualInput.focus();
      return;
    }
    manual.setError(undefined);
    manualInput.value = '';
    void check({ code });
  });

  const sessionId = 'scan-session';
  replace(
    main,
    h('h1', { class: 'scanner-title', text: t('scan.title') }),
    h(
      'section',
      { class: 'card session-bar', 'aria-label': t('scan.countLabel') },
      h('div', { class: 'field' }, h('label', { for: sessionId, text: t('scan.currentSession') }), sessionSelect),
      countBig,
      countSmall,
    ),
    h('div', { class: 'camera' }, video, h('div', { class: 'viewfinder', 'aria-hidden': 'true' })),
    camStatus,
    camButton,
    manualForm,
    result,
  );
  try {
    await loadSessions();
  } catch (err) {
    main.prepend(notice('error', /** @type {Error} */ (err).message));
  }
  camButton.hidden = true;
  await startCamera();
}
