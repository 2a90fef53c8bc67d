// A short sound and a vibration for each scan result, so staff know without reading the screen.

/** @type {AudioContext | undefined} */
let audio;

/** Browsers allow sound only after a tap or key: set it up on the first one. */
export function armSound() {
  const start = () => {
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      /* no Web Audio: vibration only */
    }
  };
  addEventListener('pointerdown', start, { once: true, capture: true });
  addEventListener('keydown', start, { once: true, capture: true });
}

/** @param {number} freq @param {number} at seconds from now @param {number} duration seconds */
function tone(freq, at, duration) {
  if (!audio || audio.state !== 'running') return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = freq;
  osc.type = 'sine';
  const t0 = audio.currentTime + at;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + duration);
  osc.connect(gain).connect(audio.destination);
  osc.start(t0);
  osc.stop(t0 + duration + 0.02);
}

/** @param {'ok' | 'warn' | 'bad'} kind */
export function signal(kind) {
  if (kind === 'ok') {
    tone(880, 0, 0.15);
    tone(1320, 0.16, 0.2);
  } else if (kind === 'warn') {
    tone(660, 0, 0.15);
    tone(660, 0.25, 0.15);
  } else {
    tone(220, 0, 0.45);
  }
  try {
    navigator.vibrate?.(kind === 'ok' ? 120 : kind === 'warn' ? [100, 80, 100] : [400]);
  } catch {
    /* not supported */
  }
}
