import { type MaxComputeEmulator, MaxComputeService, maxComputeEmulatorView } from './maxcompute/maxcompute-service';
import { CREDENTIALS_URI_PATH, type MetadataEmulator, MetadataService } from './metadata/metadata-service';
import { type OssEmulator, OssService, ossEmulatorView } from './oss/oss-service';
import { type PopEmulator, PopService, popEmulatorView } from './pop/pop-service';
import { RoleSessions } from './pop/sts/role-sessions';
import { AccountStore, type EmulatorAccount } from './shared/accounts';
import { FaultInjector } from './shared/faults';
import { EmulatorHttpServer } from './shared/http-server';
import { createServiceListener } from './shared/pipeline';
import type { ServiceModule } from './shared/service-module';
import { isServiceName, SERVICE_NAMES, type ServiceName } from './shared/service-name';
import { type SlsEmulator, SlsService, slsEmulatorView } from './sls/sls-service';
import { type TablestoreEmulator, TablestoreService, tablestoreEmulatorView } from './tablestore/tablestore-service';

/** Options of {@link startEmulators}. */
export interface StartEmulatorsOptions<S extends ServiceName = ServiceName> {
  /** The services to start, one port each. @defaultValue every service */
  services?: readonly S[] | undefined;
  /**
   * The accounts to accept; the first is the default account (`emu.credentials`).
   * @defaultValue one account from `ALIKIT_EMULATOR_ACCESS_KEY_ID` / `ALIKIT_EMULATOR_ACCESS_KEY_SECRET`, else a fixed fake one
   */
  accounts?: readonly EmulatorAccount[] | undefined;
  /** Interface to listen on. @defaultValue `'127.0.0.1'` */
  host?: string | undefined;
  /** Fixed ports per service; services not listed get a free port. @defaultValue every port 0 */
  ports?: Partial<Record<ServiceName, number>> | undefined;
  /** The emulators' clock (signature dates, token and credential expiry). @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/** The emulator of each service, by name. */
export interface ServiceEmulators {
  /** Object Storage: buckets, objects, multipart uploads. */
  oss: OssEmulator;
  /** Simple Log Service: projects, logstores, PutLogs and queries. */
  sls: SlsEmulator;
  /** Tablestore: tables, rows, batches and range reads. */
  tablestore: TablestoreEmulator;
  /** Every POP product (STS, CloudMonitor, PAI, DTS and any other action), RPC and ROA. */
  pop: PopEmulator;
  /** MaxCompute: projects, tables, SQL instances and the tunnel. */
  maxcompute: MaxComputeEmulator;
  /** The ECS instance metadata service (RAM role credentials, IMDSv2). */
  metadata: MetadataEmulator;
}

/** What every running emulator set has, whichever services it started. */
export interface EmulatorsBase {
  /** The default account's keys; sign requests with these. */
  readonly credentials: Readonly<EmulatorAccount>;
  /** The services that are running. */
  readonly services: readonly ServiceName[];
  /** Fault injection for every running service. */
  readonly faults: FaultInjector;
  /** Stops every server and closes open connections; safe to call more than once. */
  stop(): Promise<void>;
}

/** A running emulator set: the base members plus one member per started service. */
export type Emulators<S extends ServiceName = ServiceName> = EmulatorsBase & Pick<ServiceEmulators, S>;

/**
 * Starts in-process emulators of Alibaba Cloud services on loopback: each speaks the service's
 * wire protocol, verifies real signatures and answers in the service's exact error format.
 * @example
 * const emu = await startEmulators({ services: ['oss', 'pop'] });
 * // ... point clients at emu.oss.endpoint / emu.pop.endpoint with emu.credentials
 * await emu.stop();
 * @throws TypeError for an unknown service name or malformed account.
 * @throws RangeError for a port outside 0–65535.
 */
export async function startEmulators<S extends ServiceName = ServiceName>(
  options: StartEmulatorsOptions<S> = {},
): Promise<Emulators<S>> {
  const requested = options.services ?? (SERVICE_NAMES as readonly S[]);
  if (!Array.isArray(requested)) throw new TypeError('services must be an array of service names');
  for (const name of requested) {
    if (!isServiceName(name)) {
      throw new TypeError(`unknown service ${JSON.stringify(name)}; expected one of ${SERVICE_NAMES.join(', ')}`);
    }
  }
  const services = SERVICE_NAMES.filter((name) => (requested as readonly ServiceName[]).includes(name));
  const now = options.now ?? (() => new Date());
  const accounts = new AccountStore({ accounts: options.accounts, now });
  const faults = new FaultInjector({ services });

  // STS and the ECS instance role issue role sessions from one registry, so GetCallerIdentity knows both.
  const sessions = new RoleSessions(accounts, now);
  const modules: Partial<Record<ServiceName, ServiceModule>> = {};
  for (const name of services) modules[name] = createModule(name, accounts, now, sessions);

  const servers: Partial<Record<ServiceName, EmulatorHttpServer>> = {};
  const started = await Promise.allSettled(
    services.map(async (name) => {
      servers[name] = await EmulatorHttpServer.start({
        host: options.host,
        port: options.ports?.[name] ?? 0,
        listener: createServiceListener(modules[name] as ServiceModule, { faults, now }),
      });
    }),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    throw failed.reason;
  }

  let stopping: Promise<void> | undefined;
  const base: EmulatorsBase = {
    credentials: Object.freeze({ ...accounts.defaultAccount }),
    services: Object.freeze([...services]),
    faults,
    stop: () => {
      stopping ??= Promise.all(Object.values(servers).map((s) => s.stop()))
        .then(() => Promise.all(Object.values(modules).map((m) => m.close?.())))
        .then(() => undefined);
      return stopping;
    },
  };
  const views = serviceViews(modules, servers);
  const emulators: Record<string, unknown> = {};
  Object.assign(emulators, base);
  for (const name of SERVICE_NAMES) {
    Object.defineProperty(emulators, name, {
      enumerable: services.includes(name),
      get: () => {
        const view = views[name];
        if (!view) {
          throw new Error(
            `the ${name} emulator is not running: pass services: [${[...services, name].map((s) => `'${s}'`).join(', ')}] to startEmulators`,
          );
        }
        return view;
      },
    });
  }
  return emulators as unknown as Emulators<S>;
}

function createModule(
  name: ServiceName,
  accounts: AccountStore,
  now: () => Date,
  sessions: RoleSessions,
): ServiceModule {
  switch (name) {
    case 'oss':
      return new OssService(accounts, now);
    case 'sls':
      return new SlsService(accounts, now);
    case 'tablestore':
      return new TablestoreService(accounts, now);
    case 'pop':
      return new PopService(accounts, now, sessions);
    case 'maxcompute':
      return new MaxComputeService(accounts, now);
    case 'metadata':
      return new MetadataService(accounts, now, { sessions });
  }
}

function serviceViews(
  modules: Partial<Record<ServiceName, ServiceModule>>,
  servers: Partial<Record<ServiceName, EmulatorHttpServer>>,
): Partial<ServiceEmulators> {
  const views: Partial<ServiceEmulators> = {};
  const endpoint = (name: ServiceName) => (servers[name] as EmulatorHttpServer).endpoint;
  if (modules.oss instanceof OssService) views.oss = ossEmulatorView(modules.oss, endpoint('oss'));
  if (modules.sls instanceof SlsService) {
    views.sls = slsEmulatorView(modules.sls, endpoint('sls'));
  }
  if (modules.tablestore instanceof TablestoreService) {
    views.tablestore = tablestoreEmulatorView(modules.tablestore, endpoint('tablestore'));
  }
  if (modules.pop instanceof PopService) views.pop = popEmulatorView(modules.pop, endpoint('pop'));
  if (modules.maxcompute instanceof MaxComputeService) {
    views.maxcompute = maxComputeEmulatorView(modules.maxcompute, endpoint('maxcompute'));
  }
  if (modules.metadata instanceof MetadataService) {
    const metadata = modules.metadata;
    views.metadata = {
      endpoint: endpoint('metadata'),
      credentialsUri: `${endpoint('metadata')}${CREDENTIALS_URI_PATH}`,
      roleName: metadata.roleName,
      get requireToken() {
        return metadata.requireToken;
      },
      set requireToken(value: boolean) {
        metadata.requireToken = value;
      },
      get roleAttached() {
        return metadata.roleAttached;
      },
      set roleAttached(value: boolean) {
        metadata.roleAttached = value;
      },
      get credentialsLifetimeMs() {
        return metadata.credentialsLifetimeMs;
      },
      set credentialsLifetimeMs(value: number) {
        metadata.credentialsLifetimeMs = value;
      },
      get rotationIntervalMs() {
        return metadata.rotationIntervalMs;
      },
      set rotationIntervalMs(value: number) {
        metadata.rotationIntervalMs = value;
      },
      rotateCredentials: () => metadata.rotateCredentials(),
      get issued() {
        return metadata.issued;
      },
      get requests() {
        return metadata.requests;
      },
      clearRequests: () => {
        metadata.requests.length = 0;
      },
    };
  }
  return views;
}
