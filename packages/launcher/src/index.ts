export { startGraph, type RunningGraph, type StartGraphOptions } from './graph';
export {
  startSplitGraph, freePorts, describeExit, GATEWAY, ServiceStartError,
  type SplitGraph, type SplitGraphOptions, type ServiceExit, type ServicePorts,
} from './split';
