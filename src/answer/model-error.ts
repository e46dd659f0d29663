// Why a model call failed, in a module of its own: the pipeline needs the error class, and importing it from model.ts
// would load the openai and Azure identity SDKs into every process, also extractive ones (`curbside ask` start-up).
export type ModelFailure =
  | 'circuit-open'
  | 'timeout'
  | 'deadline'
  | 'rate-limited'
  | 'server-error'
  | 'bad-response'
  | 'stream-dropped'
  | 'connection'
  | 'aborted'
  | 'rejected'
  | 'truncated'
  | 'content-filter'
  | 'credential';

export class ModelUnavailableError extends Error {
  constructor(
    readonly reason: ModelFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
