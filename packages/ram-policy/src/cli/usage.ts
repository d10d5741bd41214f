/** Usage text of `alikit-ram-policy`. */
export const CLI_USAGE = `Usage:
  alikit-ram-policy lint <file>... [--fail-on error|warning|info] [--max-size <chars>] [--kind auto|identity|trust] [--json]
  alikit-ram-policy simulate <file>... --action <action> --resource <arn> [--context <key>=<value>]... [--json]

lint       checks RAM policy documents for schema errors and likely mistakes
simulate   decides a request against the policies the way RAM does

  --json          print one JSON object instead of text
  --fail-on       the least serious finding that makes lint fail (default: error)
  --max-size      the size limit in characters (default: 6144, RAM's limit for custom policies)
  --kind          permission (identity) or trust policy (default: auto, by the presence of Principal)
  --action        the action to simulate, e.g. ecs:StartInstance
  --resource      the resource ARN to simulate, e.g. acs:ecs:cn-hangzhou:123456789012:instance/i-example
  --context       a condition key of the request, repeatable; a repeated key gets several values
  <file>          a JSON policy document, or - for standard input

Exit codes:
  0  lint: no finding at or above --fail-on      simulate: allowed
  1  lint: findings at or above --fail-on        simulate: denied (explicitly or implicitly)
  2  wrong usage, an unreadable file, or (simulate) a policy that is not valid
`;
