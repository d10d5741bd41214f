import { type CredentialProvider, fromEcsRamRole, isSdkError } from '@alikit/core';
import { createPopClient, type PopParams } from '@alikit/core/pop';
import { type PopCall, ServiceError } from '@alikit/emulators';
import type { CheckResult, StepContext, TourStep } from '../step';

/** The ECS API version the RPC calls use. */
const ECS_VERSION = '2014-05-26';
/** The Container Service (ACK) API version the ROA call uses. */
const CS_VERSION = '2015-12-15';
/** The instance id the emulated ECS hands out for the tour's CreateInstance. */
const TOUR_INSTANCE_ID = 'i-bp1alikittour0001';

/** The CreateInstance parameters the tour sends (wire names, as ECS documents them). */
export const CREATE_INSTANCE_PARAMS = {
  RegionId: 'cn-hangzhou',
  ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
  InstanceType: 'ecs.g7.large',
  ClientToken: 'alikit-tour-create-0001',
} as const;

/** Step 3 of the tour: any POP product through `createPopClient`, which wraps the official `@alicloud/pop-core`. */
export const genericPopStep: TourStep = {
  name: 'generic-pop',
  title: 'Generic POP client: createPopClient from @alikit/core/pop (over @alicloud/pop-core)',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { pop, metadata } = emulators;
    respondLikeEcs(emulators);
    // The instance's RAM role, as in the credentials step: temporary keys that rotate under the client.
    const credentials: CredentialProvider = fromEcsRamRole({
      endpoint: metadata.endpoint,
      roleName: metadata.roleName,
    });
    const { accessKeyId } = await credentials();
    log(`  endpoint ${pop.endpoint}, credentials: the ECS instance role (ecs_ram_role, key ${accessKeyId})`);

    const ecs = createPopClient({
      endpoint: pop.endpoint,
      product: 'ecs',
      apiVersion: ECS_VERSION,
      style: 'rpc',
      credentials,
    });
    const created = await attempt(
      { subject: 'ECS (RPC)', action: 'CreateInstance', expected: 'accepted' },
      // A ClientToken makes the create safe to retry, so the client may repeat it after a failure.
      () =>
        ecs.request<{ RequestId?: string; InstanceId?: string }>('CreateInstance', CREATE_INSTANCE_PARAMS, {
          idempotent: true,
        }),
      (answer) => (answer.InstanceId === undefined ? undefined : `InstanceId ${answer.InstanceId}`),
    );
    const createCall = lastCall(pop.calls, 'CreateInstance');
    record(checkRecorded(created, createCall, accessKeyId, CREATE_INSTANCE_PARAMS));
    if (createCall) log(`    emulator recorded: ${describeCall(createCall, Object.keys(CREATE_INSTANCE_PARAMS))}`);

    record(
      await attempt(
        { subject: 'ECS (RPC)', action: 'DescribeInstanceAttribute i-missing', expected: 'InvalidInstanceId.NotFound' },
        () => ecs.request<{ RequestId?: string }>('DescribeInstanceAttribute', { InstanceId: 'i-missing' }),
        () => undefined,
      ),
    );

    const cs = createPopClient({
      endpoint: pop.endpoint,
      service: 'cs',
      apiVersion: CS_VERSION,
      style: 'roa',
      credentials,
    });
    const query: PopParams = { page_size: 10 };
    const listed = await attempt(
      { subject: 'CS (ROA)', action: 'DescribeClustersV1', expected: 'accepted' },
      () =>
        cs.request<{ RequestId?: string; clusters?: unknown[] }>(
          { method: 'GET', path: '/api/v1/clusters', action: 'DescribeClustersV1' },
          query,
        ),
      (answer) => {
        const count = answer.clusters?.length ?? 0;
        return `${count} cluster${count === 1 ? '' : 's'}`;
      },
    );
    const listCall = lastCall(pop.calls, 'DescribeClustersV1');
    record(checkRecorded(listed, listCall, accessKeyId, { page_size: '10' }));
    if (listCall) log(`    emulator recorded: ${describeCall(listCall, Object.keys(query))}`);
  },
};

/** Canned answers, in ECS's and CS's own shapes, for the calls the tour makes. */
function respondLikeEcs({ pop }: StepContext['emulators']): void {
  pop.setResponse({ action: 'CreateInstance', version: ECS_VERSION }, () => ({ InstanceId: TOUR_INSTANCE_ID }));
  pop.setResponse({ action: 'DescribeInstanceAttribute', version: ECS_VERSION }, (call: PopCall) => {
    if (call.params.InstanceId === TOUR_INSTANCE_ID) return { InstanceId: TOUR_INSTANCE_ID, Status: 'Pending' };
    throw new ServiceError(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
  });
  pop.setResponse({ method: 'GET', path: '/api/v1/clusters', version: CS_VERSION }, () => ({
    clusters: [{ cluster_id: 'c-alikit-tour', name: 'alikit-tour', state: 'running' }],
    page_info: { page_number: 1, page_size: 10, total_count: 1 },
  }));
}

/** Makes one call and turns its answer (or its `SdkError`) into a check. */
async function attempt<T extends { RequestId?: string | undefined }>(
  base: { subject: string; action: string; expected: string },
  call: () => Promise<T>,
  summarize: (answer: T) => string | undefined,
): Promise<CheckResult> {
  try {
    const answer = await call();
    return {
      ...base,
      ok: base.expected === 'accepted',
      outcome: 'accepted',
      summary: summarize(answer),
      requestId: answer.RequestId,
    };
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return {
      ...base,
      ok: error.code === base.expected,
      outcome: error.code,
      status: error.status,
      requestId: error.requestId,
      errorMessage: error.message,
    };
  }
}

/**
 * The call's check, also failed when the emulator did not record what was sent: the parameters,
 * the key (the role's temporary key) and the request id the client saw.
 */
function checkRecorded(
  check: CheckResult,
  recorded: PopCall | undefined,
  accessKeyId: string,
  params: Readonly<Record<string, string>>,
): CheckResult {
  if (!check.ok || check.outcome !== 'accepted') return check;
  const problems: string[] = [];
  if (recorded === undefined) problems.push('the emulator recorded no such call');
  else {
    if (recorded.requestId !== check.requestId) problems.push(`recorded request id ${recorded.requestId}`);
    if (recorded.accessKeyId !== accessKeyId) problems.push(`signed with ${recorded.accessKeyId}`);
    for (const [name, value] of Object.entries(params)) {
      if (recorded.params[name] !== value) problems.push(`${name} recorded as ${String(recorded.params[name])}`);
    }
  }
  if (problems.length === 0) return check;
  return { ...check, ok: false, errorMessage: problems.join('; ') };
}

/** The emulator's latest record of an action. */
function lastCall(calls: readonly PopCall[], action: string): PopCall | undefined {
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i]?.action === action) return calls[i];
  return undefined;
}

/** What the emulator saw, limited to the parameters the tour chose (never the token or signature). */
export function describeCall(call: PopCall, names: readonly string[]): string {
  const params = names.map((name) => `${name}=${call.params[name] ?? '(missing)'}`).join(' ');
  return `${call.method} ${call.path} ${call.action ?? '(no action)'} v${call.version}, ${call.signature} signature, ${params}`;
}
