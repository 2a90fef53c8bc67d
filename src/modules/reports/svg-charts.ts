// Small inline SVG bar charts for the printable week report: no script, no external asset, readable in black and white.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const FONT = `font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"`;

/** The smallest 1/2/5 × 10^k step that draws the axis in at most `ticks` steps, and the axis' top. */
export function niceScale(max: number, ticks = 5): { step: number; top: number } {
  if (max <= 0) return { step: 1, top: ticks };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const stepInt = Math.max(1, Math.round(step));
  return { step: stepInt, top: Math.ceil(max / stepInt) * stepInt };
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export interface Series {
  name: string;
  values: number[];
  /** Fill colour; the first series is drawn behind, wider, the second in front. */
  color: string;
}

/**
 * Vertical bars per category, two series overlaid (e.g. booked behind admitted), labelled "front / back" on top.
 */
export function columnChart(opts: { title: string; categories: string[]; back: Series; front: Series; width?: number; height?: number }): string {
  const { title, categories, back, front } = opts;
  const width = opts.width ?? 720;
  const height = opts.height ?? 260;
  const m = { top: 36, right: 16, bottom: 40, left: 48 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const { step, top } = niceScale(Math.max(0, ...back.values, ...front.values));
  const y = (v: number) => m.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(1, categories.length);
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d7de" stroke-width="${v === 0 ? 1.2 : 0.6}"/>`,
    );
    parts.push(`<text x="${m.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#57606a">${v}</text>`);
  }
  categories.forEach((cat, i) => {
    const x = m.left + i * band;
    const bw = Math.min(48, band * 0.7);
    const fw = bw * 0.6;
    const b = back.values[i] ?? 0;
    const f = front.values[i] ?? 0;
    parts.push(
      `<rect x="${(x + (band - bw) / 2).toFixed(1)}" y="${y(b).toFixed(1)}" width="${bw.toFixed(1)}" height="${(y(0) - y(b)).toFixed(1)}" fill="${back.color}"><title>${escapeXml(`${cat} ${back.name}: ${b}`)}</title></rect>`,
    );
    parts.push(
      `<rect x="${(x + (band - fw) / 2).toFixed(1)}" y="${y(f).toFixed(1)}" width="${fw.toFixed(1)}" height="${(y(0) - y(f)).toFixed(1)}" fill="${front.color}"><title>${escapeXml(`${cat} ${front.name}: ${f}`)}</title></rect>`,
    );
    parts.push(
      `<text x="${(x + band / 2).toFixed(1)}" y="${(y(Math.max(b, f)) - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="#24292f">${f} / ${b}</text>`,
    );
    parts.push(
      `<text x="${(x + band / 2).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle" font-size="11" fill="#24292f">${escapeXml(cat)}</text>`,
    );
  });
  const legend = [back, front]
    .map((s, i) => {
      const lx = m.left + i * 170;
      return `<rect x="${lx}" y="10" width="12" height="12" fill="${s.color}"/><text x="${lx + 17}" y="20" font-size="12" fill="#24292f">${escapeXml(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" ${FONT}><title>${escapeXml(title)}</title>${legend}${parts.join('')}</svg>`;
}

export interface BarItem {
  label: string;
  value: number;
  /** Shown after the value, e.g. "/ 120 booked". */
  note?: string;
}

/** Horizontal bars, one per item, labels on the left and values at the bar's end. */
export function barChart(opts: { title: string; items: BarItem[]; color: string; width?: number; labelChars?: number }): string {
  const { title, items, color } = opts;
  const width = opts.width ?? 720;
  const labelChars = opts.labelChars ?? 16;
  const rowH = 24;
  const m = { top: 8, right: 70, bottom: 8, left: 13 * labelChars + 8 };
  const height = m.top + m.bottom + Math.max(1, items.length) * rowH;
  const plotW = width - m.left - m.right;
  const max = Math.max(1, ...items.map((i) => i.value));
  const parts: string[] = [];
  if (items.length === 0) {
    parts.push(`<text x="${width / 2}" y="${m.top + 16}" text-anchor="middle" font-size="12" fill="#57606a">无数据 No data</text>`);
  }
  items.forEach((item, i) => {
    const yTop = m.top + i * rowH;
    const w = (item.value / max) * plotW;
    parts.push(
      `<text x="${m.left - 8}" y="${yTop + 16}" text-anchor="end" font-size="12" fill="#24292f">${escapeXml(truncate(item.label, labelChars))}<title>${escapeXml(item.label)}</title></text>`,
    );
    parts.push(`<rect x="${m.left}" y="${yTop + 4}" width="${Math.max(item.value > 0 ? 1 : 0, w).toFixed(1)}" height="${rowH - 8}" fill="${color}"/>`);
    const note = item.note ? ` ${item.note}` : '';
    parts.push(`<text x="${(m.left + w + 6).toFixed(1)}" y="${yTop + 16}" font-size="11" fill="#24292f">${item.value}${escapeXml(note)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" ${FONT}><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}
