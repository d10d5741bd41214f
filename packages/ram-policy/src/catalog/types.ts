import type { OperatorFamily } from '../conditions';

/** A resource type of a service: its relative-id template and where it is documented. */
export interface ResourceTypeEntry {
  /** Short name, e.g. `instance`. */
  name: string;
  /**
   * The part after `acs:<service>:<region>:<account>:`. `{Name}` stands for one path segment (no
   * `/`), `{Name+}` for one or more characters of any kind, `*` for anything.
   */
  template: string;
  /** Documentation page, when it is not the service's main `source`. */
  source?: string;
}

/** A condition key and the kind of value it carries. */
export interface ConditionKeyEntry {
  /** The key; a trailing `{TagKey}` stands for any text (e.g. `ecs:tag/{TagKey}`). */
  key: string;
  /** The operator family its values belong to. */
  family: OperatorFamily;
  /** What the key holds, in one sentence. */
  description: string;
  /** Documentation page, when it is not the service's main `source`. */
  source?: string;
}

/** What the catalog knows about one service. */
export interface ServiceEntry {
  /** The RAM code used in actions and ARNs, e.g. `ecs`, `log`, `ots`. */
  code: string;
  /** Other RAM codes the service's documentation lists for the same product (e.g. `maxcompute`). */
  aliases: readonly string[];
  /** The product's name, e.g. `Elastic Compute Service (ECS)`. */
  name: string;
  /** The documentation page(s) the entry's facts come from, separated by spaces. */
  source: string;
  /** The resource types the documentation names, with their ARN templates. */
  resourceTypes: readonly ResourceTypeEntry[];
  /**
   * Whether `resourceTypes` lists every resource type the documentation names. When false, a
   * resource outside them is only worth an `info` finding.
   */
  resourceTypesComplete: boolean;
  /** Action names (without the code) found in the documentation. Never exhaustive. */
  actions: readonly string[];
  /** Service-specific condition keys found in the documentation. */
  conditionKeys: readonly ConditionKeyEntry[];
  /** What the documentation left open, in words. */
  notes: readonly string[];
}
