// Loaded with `node --import` by a child process: makes `@aws-sdk/s3-request-presigner` unresolvable, exactly as
// when a user has not installed that optional peer dependency.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@aws-sdk/s3-request-presigner') {
    const error = new Error("Cannot find package '@aws-sdk/s3-request-presigner'");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
