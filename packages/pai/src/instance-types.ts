const CPU_FAMILIES = ['c6', 'g6', 'r6', 'c7', 'g7', 'r7', 'c8i', 'g8i', 'r8i'];
const CPU_SIZES = ['large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '13xlarge', '16xlarge'];

const GPU_TYPES = [
  'ecs.gn5-c4g1.xlarge',
  'ecs.gn5-c8g1.2xlarge',
  'ecs.gn5-c8g1.4xlarge',
  'ecs.gn5-c28g1.7xlarge',
  'ecs.gn5-c8g1.8xlarge',
  'ecs.gn5-c28g1.14xlarge',
  'ecs.gn5-c8g1.14xlarge',
  'ecs.gn6i-c4g1.xlarge',
  'ecs.gn6i-c8g1.2xlarge',
  'ecs.gn6i-c16g1.4xlarge',
  'ecs.gn6i-c24g1.6xlarge',
  'ecs.gn6i-c40g1.10xlarge',
  'ecs.gn6i-c24g1.12xlarge',
  'ecs.gn6i-c24g1.24xlarge',
  'ecs.gn6v-c8g1.2xlarge',
  'ecs.gn6v-c8g1.8xlarge',
  'ecs.gn6v-c8g1.16xlarge',
  'ecs.gn6v-c10g1.20xlarge',
  'ecs.gn6e-c12g1.3xlarge',
  'ecs.gn6e-c12g1.12xlarge',
  'ecs.gn6e-c12g1.24xlarge',
  'ecs.gn7-c12g1.3xlarge',
  'ecs.gn7-c13g1.13xlarge',
  'ecs.gn7-c13g1.26xlarge',
  'ecs.gn7i-c8g1.2xlarge',
  'ecs.gn7i-c16g1.4xlarge',
  'ecs.gn7i-c32g1.8xlarge',
  'ecs.gn7i-c48g1.12xlarge',
  'ecs.gn7i-c56g1.14xlarge',
  'ecs.gn7i-c32g1.16xlarge',
  'ecs.gn7i-c32g1.32xlarge',
  'ecs.gn7e-c16g1.4xlarge',
  'ecs.gn7e-c16g1.16xlarge',
  'ecs.gn7e-c16g1.32xlarge',
  'ecs.gu7i-c16g1.4xlarge',
  'ecs.gu7i-c32g1.8xlarge',
  'ecs.gu7i-c48g1.12xlarge',
  'ecs.gu7i-c64g1.16xlarge',
  'ecs.ebmgn7e.32xlarge',
  'ecs.ebmgn7i.32xlarge',
  'ecs.ebmgn7ex.32xlarge',
];

/**
 * The ECS instance types PAI's public resource group offers for training (CPU families c6/g6/r6,
 * c7/g7/r7, c8i/g8i/r8i in the usual sizes, and the GPU families gn5, gn6i, gn6v, gn6e, gn7, gn7i,
 * gn7e, gu7i and the ebmgn7 bare-metal types). Types added later can be passed to the client's
 * `extraInstanceTypes`.
 */
export const PAI_INSTANCE_TYPES: ReadonlySet<string> = new Set([
  ...CPU_FAMILIES.flatMap((family) => CPU_SIZES.map((size) => `ecs.${family}.${size}`)),
  ...GPU_TYPES,
]);

/** The known types closest to `type` (by edit distance), for a "did you mean" hint. */
export function nearestInstanceTypes(type: string, known: Iterable<string>, limit = 3): string[] {
  const scored: Array<[number, string]> = [];
  for (const candidate of known) scored.push([editDistance(type.toLowerCase(), candidate), candidate]);
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const best = scored[0]?.[0] ?? Number.POSITIVE_INFINITY;
  // Only near misses are worth suggesting.
  return scored
    .filter(([d]) => d <= Math.max(3, best) && d <= Math.ceil(type.length / 3))
    .slice(0, limit)
    .map(([, c]) => c);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
