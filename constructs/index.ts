// Public constructs of the library: what product teams import.
export * from './collector-link/collector-link';
