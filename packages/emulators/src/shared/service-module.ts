import type { ReceivedRequest } from '@alikit/core';
import type { EmulatorResponse } from './http-server';
import type { RequestContext } from './request-context';
import type { ServiceError } from './service-error';
import type { ServiceName } from './service-name';

/**
 * What each service emulator provides to the shared request pipeline: routing (before auth, so
 * faults can match an operation), the handler, and its one error factory.
 */
export interface ServiceModule {
  readonly service: ServiceName;
  /** The response header carrying the request id (`x-oss-request-id`, ...); none for metadata. */
  readonly requestIdHeader: string | undefined;
  /** A fresh request id in the service's format. */
  newRequestId(): string;
  /** Recognises the operation and records it on `ctx.operation`; may throw a {@link ServiceError}. */
  route(ctx: RequestContext): void;
  /** Authenticates and serves a routed request; throws a {@link ServiceError} to fail. */
  handle(ctx: RequestContext): Promise<EmulatorResponse> | EmulatorResponse;
  /** Renders an error in the service's wire format. */
  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse;
  /** The error an injected fault with this status (and optional code/message) becomes. */
  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError;
  /** The error an unexpected emulator failure becomes (a 500 in the service's format, naming the failure). */
  internalError(cause: unknown): ServiceError;
  /** Adds headers every response of the service carries (dates, digests, response signatures). */
  finishResponse?(response: EmulatorResponse, ctx: RequestContext): EmulatorResponse;
  /**
   * Whether to hand this request's body to the handler as a stream (`ctx.bodyStream`) rather than
   * read it whole first; decided from the request line and headers. @defaultValue never
   */
  streamsBody?(request: Omit<ReceivedRequest, 'body'>): boolean;
  /** Releases what the service holds outside memory (temporary files); called once the server has stopped. */
  close?(): Promise<void>;
}
