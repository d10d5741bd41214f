/** One trusted entity of a trust policy. */
export interface PrincipalRef {
  /** The `Principal` key the entity goes under: `RAM`, `Service` or `Federated`. */
  type: 'RAM' | 'Service' | 'Federated';
  /** The entity, e.g. `acs:ram::<account>:root`, `ecs.aliyuncs.com`, `acs:ram::<account>:saml-provider/<name>`. */
  id: string;
}

function need(helper: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.includes(':')) {
    throw new TypeError(
      `principal.${helper}: ${name} must be a non-empty string without ":", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Trusted entities for a role's trust policy (see {@link trust}).
 *
 * @example
 * ```ts
 * principal.account({ accountId: '123456789012' }); // { type: 'RAM', id: 'acs:ram::123456789012:root' }
 * principal.service({ service: 'ecs.aliyuncs.com' });
 * ```
 */
export const principal = Object.freeze({
  /** Every RAM user and role of an account (`acs:ram::<account>:root`). */
  account: (o: { accountId: string }): PrincipalRef => ({
    type: 'RAM',
    id: `acs:ram::${need('account', 'accountId', o.accountId)}:root`,
  }),
  /** One RAM user (`acs:ram::<account>:user/<name>`). */
  ramUser: (o: { accountId: string; userName: string }): PrincipalRef => ({
    type: 'RAM',
    id: `acs:ram::${need('ramUser', 'accountId', o.accountId)}:user/${need('ramUser', 'userName', o.userName)}`,
  }),
  /** One RAM role (`acs:ram::<account>:role/<name>`). */
  ramRole: (o: { accountId: string; roleName: string }): PrincipalRef => ({
    type: 'RAM',
    id: `acs:ram::${need('ramRole', 'accountId', o.accountId)}:role/${need('ramRole', 'roleName', o.roleName)}`,
  }),
  /** A cloud service, e.g. `ecs.aliyuncs.com` for an instance RAM role. */
  service: (o: { service: string }): PrincipalRef => ({ type: 'Service', id: need('service', 'service', o.service) }),
  /** A SAML identity provider (`acs:ram::<account>:saml-provider/<name>`). */
  samlProvider: (o: { accountId: string; providerName: string }): PrincipalRef => ({
    type: 'Federated',
    id: `acs:ram::${need('samlProvider', 'accountId', o.accountId)}:saml-provider/${need('samlProvider', 'providerName', o.providerName)}`,
  }),
  /** An OIDC identity provider (`acs:ram::<account>:oidc-provider/<name>`). */
  oidcProvider: (o: { accountId: string; providerName: string }): PrincipalRef => ({
    type: 'Federated',
    id: `acs:ram::${need('oidcProvider', 'accountId', o.accountId)}:oidc-provider/${need('oidcProvider', 'providerName', o.providerName)}`,
  }),
});
