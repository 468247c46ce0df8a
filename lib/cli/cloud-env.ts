/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Pure: the Google Cloud Storage client settings the CLI takes from its flags and the environment: `--gcs-endpoint`,
 * else `STORAGE_EMULATOR_HOST` (`host:port` or a URL); the project from `GOOGLE_CLOUD_PROJECT`/`GCLOUD_PROJECT`, or
 * `local` for an emulator. Credentials are the SDK's own (Application Default Credentials).
 *
 * @example
 * gcsSettingsFromEnv(undefined, { STORAGE_EMULATOR_HOST: '127.0.0.1:4443' }); // { apiEndpoint: 'http://127.0.0.1:4443', projectId: 'local' }
 */
export function gcsSettingsFromEnv(endpoint: string | undefined, env: Env): { readonly apiEndpoint?: string; readonly projectId?: string } {
  const emulator = env['STORAGE_EMULATOR_HOST'];
  const apiEndpoint = endpoint ?? (emulator ? (/^https?:\/\//iu.test(emulator) ? emulator : `http://${emulator}`) : undefined);
  const projectId = env['GOOGLE_CLOUD_PROJECT'] ?? env['GCLOUD_PROJECT'] ?? (apiEndpoint ? 'local' : undefined);
  return { ...(apiEndpoint ? { apiEndpoint } : {}), ...(projectId ? { projectId } : {}) };
}

/** How the CLI reaches Azure Blob Storage: a connection string, or an account name and shared key. */
export type AzureAccess = { readonly connectionString: string } | { readonly account: string; readonly key: string };

/** What to tell a user whose environment holds no Azure credentials. */
export const AZURE_ENV_HINT = 'Set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY.';

/**
 * Pure: Azure credentials from the environment: `AZURE_STORAGE_CONNECTION_STRING` (which also names the endpoint,
 * e.g. Azurite's `BlobEndpoint=`), else `AZURE_STORAGE_ACCOUNT` + `AZURE_STORAGE_KEY`; undefined when neither is set.
 */
export function azureAccessFromEnv(env: Env): AzureAccess | undefined {
  const connectionString = env['AZURE_STORAGE_CONNECTION_STRING'];
  if (connectionString) return { connectionString };
  const account = env['AZURE_STORAGE_ACCOUNT'];
  const key = env['AZURE_STORAGE_KEY'];
  return account && key ? { account, key } : undefined;
}
