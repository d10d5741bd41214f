import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away home directory for the file-based providers. */
export interface TempHome {
  home: string;
  /** Writes `~/.aliyun/config.json` (an object is written as JSON, a string verbatim). */
  writeCliConfig(config: unknown): Promise<string>;
  /** Writes `~/.alibabacloud/credentials`, or another path under home. */
  writeIni(text: string, relative?: string): Promise<string>;
  /** Writes any file under home. */
  write(relative: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempHome(): Promise<TempHome> {
  const home = await mkdtemp(join(tmpdir(), 'alikit-credentials-'));
  const write = async (relative: string, text: string) => {
    const path = join(home, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    return path;
  };
  return {
    home,
    write,
    writeCliConfig: (config) =>
      write('.aliyun/config.json', typeof config === 'string' ? config : JSON.stringify(config, null, 2)),
    writeIni: (text, relative = '.alibabacloud/credentials') => write(relative, text),
    remove: () => rm(home, { recursive: true, force: true }),
  };
}

/** A profile as the aliyun CLI writes it: every field present, unused ones empty or zero. */
export function cliProfile(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'default',
    mode: 'AK',
    access_key_id: '',
    access_key_secret: '',
    sts_token: '',
    sts_region: '',
    ram_role_name: '',
    ram_role_arn: '',
    ram_session_name: '',
    source_profile: '',
    private_key: '',
    key_pair_name: '',
    expired_seconds: 0,
    verified: '',
    region_id: 'cn-hangzhou',
    output_format: 'json',
    language: 'en',
    site: '',
    retry_timeout: 0,
    connect_timeout: 0,
    retry_count: 0,
    process_command: '',
    credentials_uri: '',
    ...fields,
  };
}
