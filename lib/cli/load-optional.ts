import { PackagerError } from '../errors.js';

/**
 * Runs `importer` (a dynamic `import()` of a module that needs optional peer dependencies); a missing package becomes
 * `UNSUPPORTED` with the `npm install` line that fixes it. Other errors pass through.
 *
 * @example
 * const { s3Sink } = await loadOptional('@aws-sdk/client-s3 @aws-sdk/lib-storage', () => import('../../sinks/s3-sink.js'));
 */
export async function loadOptional<T>(packages: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new PackagerError('UNSUPPORTED', `This needs the optional package(s) ${packages}. Install them with: npm install ${packages}`, { cause: error });
    }
    throw error;
  }
}
