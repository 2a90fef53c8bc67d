// The characters no text this service takes in may hold: C0 controls but tab, line feed and carriage return, and DEL.

/** Finds one. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Finds every one (for replacing them). */
export const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');
