export * from './close-codes.js';
export * from './errors.js';
export * from './frames.js';
export * from './http.js';
export * from './ids.js';
export * from './limits.js';
export * from './messages.js';
export * from './parse.js';
