export * from './caller';
export * from './tokens';
export * from './policy';
export * from './audit';
