// What a masked secret reads as, wherever joblog masks one.
export const REDACTED = "[redacted]";
