export { startGraph, type RunningGraph, type StartGraphOptions } from './graph';
