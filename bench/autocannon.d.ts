// The part of autocannon's API the bench uses (its @types package would bring a second @types/node into the workspace).
declare module 'autocannon' {
  interface Histogram { p50: number; p99: number; average: number; total: number }
  interface Result {
    latency: Histogram;
    requests: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: { method?: string; setupRequest?: (request: any) => any }[];
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
