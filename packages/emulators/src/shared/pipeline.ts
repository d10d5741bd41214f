import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from './faults';
import { type EmulatorResponse, RESET_CONNECTION, type RequestListener } from './http-server';
import { RequestContext } from './request-context';
import { isServiceError, type ServiceError } from './service-error';
import type { ServiceModule } from './service-module';

/** Options of {@link createServiceListener}. */
export interface PipelineOptions {
  faults: FaultInjector;
  /** The server clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/**
 * Builds the request listener of one service: route → injected faults → authenticate and serve →
 * render any {@link ServiceError} with the service's factory → request id and common headers.
 */
export function createServiceListener(module: ServiceModule, options: PipelineOptions): RequestListener {
  const now = options.now ?? (() => new Date());
  const listener: RequestListener = async (received, signal, bodyStream) => {
    const ctx = new RequestContext(received, module.newRequestId(), now(), bodyStream);
    let response: EmulatorResponse;
    try {
      module.route(ctx);
      const fault = options.faults.take(module.service, {
        method: ctx.method,
        path: ctx.path,
        operation: ctx.operation,
      });
      if (fault?.delayMs) await sleep(fault.delayMs, undefined, { signal });
      if (fault?.resetConnection) return RESET_CONNECTION;
      if (fault?.status !== undefined) throw module.faultError(fault.status, fault.code, fault.message);
      response = await module.handle(ctx);
    } catch (error) {
      if (signal.aborted && !isServiceError(error)) return RESET_CONNECTION;
      const serviceError: ServiceError = isServiceError(error) ? error : module.internalError(error);
      response = module.renderError(serviceError, ctx);
    }
    const headers: Record<string, string> = { ...response.headers };
    if (module.requestIdHeader) headers[module.requestIdHeader] = ctx.requestId;
    headers['date'] ??= ctx.receivedAt.toUTCString();
    const finished = { ...response, headers };
    return module.finishResponse ? module.finishResponse(finished, ctx) : finished;
  };
  if (module.streamsBody) listener.streamsBody = (head) => module.streamsBody?.(head) === true;
  return listener;
}
