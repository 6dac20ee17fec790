export { explorerPage, explorerRoute, type ExplorerOptions } from './handler';
