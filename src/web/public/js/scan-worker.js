// Decodes camera frames off the main thread, so the page stays responsive while the door is busy.
/* global jsQR, importScripts */
importScripts('./vendor/jsQR.js');

self.onmessage = (event) => {
  const { data, width, height } = event.data;
  let text;
  try {
    // @ts-ignore jsQR is the global the vendor script defines
    const found = jsQR(new Uint8ClampedArray(data), width, height, { inversionAttempts: 'dontInvert' });
    text = found ? found.data : null;
  } catch {
    text = null;
  }
  self.postMessage({ text });
};
