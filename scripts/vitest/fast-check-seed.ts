import fc from 'fast-check';

// Property tests explore new random inputs on every local run. CI runs them with a fixed seed so
// that a submission's result does not depend on luck; set FC_SEED to replay a reported failure.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261126' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
