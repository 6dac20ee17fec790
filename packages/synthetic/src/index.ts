export * from './random';
export * from './calibration';
export * from './names';
export * from './scenario';
