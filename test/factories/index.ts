export * from './api';
export * from './sql';
export * from './transfers';
