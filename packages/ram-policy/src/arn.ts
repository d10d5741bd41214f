/** The five parts of an Alibaba Cloud Resource Name: `acs:<service>:<region>:<account>:<relative-id>`. */
export interface Arn {
  /** The service's RAM code, e.g. `ecs`, `oss`, `log`. */
  service: string;
  /** A region id such as `cn-hangzhou`, `*`, or empty for services without regions. */
  region: string;
  /** The owning account id, `*`, or empty. */
  accountId: string;
  /** The service-defined part, e.g. `instance/i-bp1…` or `my-bucket/logs/*`. */
  resource: string;
}

/** What {@link formatArn} needs. */
export interface FormatArnOptions {
  /** The service's RAM code, e.g. `ecs`. */
  service: string;
  /** Region id. @defaultValue `'*'` (every region) */
  region?: string;
  /** Account id. @defaultValue `'*'` (every account) */
  accountId?: string;
  /** The relative id, e.g. `instance/*`. */
  resource: string;
}

/**
 * Builds `acs:<service>:<region>:<account>:<resource>`.
 *
 * @throws TypeError when service or resource is empty, or a part other than the resource has a `:`
 */
export function formatArn(options: FormatArnOptions): string {
  const { service, resource } = options;
  const region = options.region ?? '*';
  const accountId = options.accountId ?? '*';
  if (typeof service !== 'string' || service === '' || service.includes(':')) {
    throw new TypeError(`formatArn: service must be a RAM code such as "ecs", got ${JSON.stringify(service)}`);
  }
  for (const [name, value] of [
    ['region', region],
    ['accountId', accountId],
  ] as const) {
    if (typeof value !== 'string' || value.includes(':')) {
      throw new TypeError(`formatArn: ${name} must be a string without ":", got ${JSON.stringify(value)}`);
    }
  }
  if (typeof resource !== 'string' || resource === '') {
    throw new TypeError(`formatArn: resource must be a non-empty string, got ${JSON.stringify(resource)}`);
  }
  return `acs:${service}:${region}:${accountId}:${resource}`;
}

/**
 * Splits an ARN into its parts, or returns undefined when the text is not `acs:` followed by four
 * `:`-separated fields (the resource part may itself contain `:`).
 */
export function parseArn(text: string): Arn | undefined {
  if (typeof text !== 'string' || !text.startsWith('acs:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 5) return undefined;
  const [, service, region, accountId, ...rest] = parts as [string, string, string, string, ...string[]];
  return { service, region, accountId, resource: rest.join(':') };
}
