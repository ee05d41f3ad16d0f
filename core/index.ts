// The core's public face for host adapters, the command line and tests.
export * from './values/cells';
export * from './values/errors';
export * from './catalogue';
