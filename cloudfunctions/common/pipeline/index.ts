/** The step pipeline (PostHog-style): step outcomes and the runner. */
export * from './types';
export * from './runner';
