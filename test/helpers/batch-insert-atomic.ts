/**
 * Jest setup of the `atomic-insert` project (jest.config.js): local clouds started by these suites
 * (in this process or spawned) insert a batch all-or-nothing instead of MongoDB's ordered default.
 */
process.env.QX_BATCH_INSERT = 'atomic';
