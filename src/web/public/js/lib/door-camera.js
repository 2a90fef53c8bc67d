// The scanner's camera: frames decoded by jsQR in a worker, so the page stays responsive while the door is busy.
import { h } from './dom.js';
import { t } from './i18n.js';

const FRAME_INTERVAL_MS = 120;
const SAME_CODE_PAUSE_MS = 2000;

/** @param {{ onText: (text: string) => void }} opts */
export function startCamera({ onText }) {
  const video = h('video', { muted: true, playsinline: true, autoplay: true, 'aria-hidden': 'true' });
  video.muted = true;
  const status = h('p', { class: 'cam-status', role: 'status', tabindex: '-1' });
  const button = h('button', { type: 'button', class: 'button secondary', text: t('scan.startCamera'), hidden: true });
  const canvas = document.createElement('canvas');
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
  const worker = new Worker(new URL('../scan-worker.js', import.meta.url));
  /** @type {MediaStream | undefined} */
  let stream;
  let decoding = false;
  let paused = false;
  let lastText = '';
  let lastResumedAt = 0;

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      status.textContent = t('scan.noCameraApi');
      return;
    }
    status.textContent = t('scan.starting');
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      video.srcObject = stream;
      await video.play();
      status.textContent = t('scan.scanning');
      button.hidden = true;
      setTimeout(tick, FRAME_INTERVAL_MS);
    } catch (err) {
      const name = /** @type {DOMException} */ (err).name;
      status.textContent = name === 'NotAllowedError' ? t('scan.cameraDenied') : name === 'NotFoundError' ? t('scan.noCamera') : t('scan.cameraFailed');
      button.hidden = false;
      stop();
    }
  }

  function stop() {
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
    // The code just dealt with is likely still in view: give the staff a moment to move to the next family.
    if (text === lastText && Date.now() - lastResumedAt < SAME_CODE_PAUSE_MS) return;
    lastText = text;
    paused = true;
    onText(text);
  };

  button.addEventListener('click', () => void start());
  document.addEventListener('visibilitychange', () => {
    // A phone in a pocket should not keep its camera on.
    if (document.hidden) stop();
    else if (!stream && button.hidden) void start();
  });

  return {
    element: h('div', { class: 'camera-box' }, h('div', { class: 'camera' }, video, h('div', { class: 'viewfinder', 'aria-hidden': 'true' })), status, button),
    start,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      lastResumedAt = Date.now();
      // Focus goes back to the scanner's status line, not the code field: on a phone that would pop up the keyboard.
      status.focus({ preventScroll: true });
    },
  };
}
