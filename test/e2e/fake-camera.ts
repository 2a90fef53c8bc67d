// A .y4m video for Chromium's fake camera (--use-file-for-fake-video-capture) showing one QR code, written without ffmpeg.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

const W = 640;
const H = 480;
const BLACK = 16;
const WHITE = 235;
const QUIET = 4;

/** Writes `frames` identical 640×480 4:2:0 frames of `text` as a QR code, dark on light with a quiet zone. */
export function writeQrVideo(file: string, text: string, frames = 2): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const scale = Math.floor((Math.min(W, H) * 0.85) / (n + 2 * QUIET));
  const size = n * scale;
  const left = Math.floor((W - size) / 2);
  const top = Math.floor((H - size) / 2);
  const luma = Buffer.alloc(W * H, WHITE);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      for (let y = 0; y < scale; y++) luma.fill(BLACK, (top + r * scale + y) * W + left + c * scale, (top + r * scale + y) * W + left + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
}
