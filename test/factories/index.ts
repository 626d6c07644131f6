export * from './api';
export * from './sql';
