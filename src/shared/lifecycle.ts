// Whether the process is shutting down: set by the signal handler, read by the readiness check (which then answers
// 503, so a load balancer stops sending work here while in-flight requests finish).
export interface Lifecycle {
  readonly stopping: boolean;
  stop(): void;
}

export function createLifecycle(): Lifecycle {
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    stop() {
      stopping = true;
    },
  };
}
