import { isRetryableCode, SdkError } from '@alikit/core';
import type { PopClient, PopParams, PopRequestOptions } from '@alikit/core/pop';

/**
 * Calls a DTS action and checks the answer's own verdict: DTS may answer HTTP 200 with
 * `"Success": false` and the reason in `ErrCode` / `ErrMessage`, which pop-core passes through as
 * a success; that becomes an `SdkError` here like any other refusal.
 * @throws SdkError with the service's code.
 */
export async function callDts(
  pop: PopClient,
  action: string,
  params: PopParams,
  options: PopRequestOptions,
): Promise<Record<string, unknown>> {
  const answer = await pop.request<unknown>(action, params, options);
  const body = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if (body.Success === false || body.Success === 'false') {
    const code = typeof body.ErrCode === 'string' && body.ErrCode !== '' ? body.ErrCode : 'DtsRequestFailed';
    const status = Number(body.HttpStatusCode);
    throw new SdkError({
      code,
      service: 'dts',
      operation: action,
      status: Number.isInteger(status) && status >= 100 ? status : 200,
      requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
      retryable: isRetryableCode('dts', code),
      serviceMessage: typeof body.ErrMessage === 'string' ? body.ErrMessage : undefined,
    });
  }
  return body;
}
