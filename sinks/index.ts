/**
 * The dependency-free sinks and the Sink contract.
 *
 * Cloud sinks need optional peer dependencies and live in their own modules, so importing this one never
 * loads a cloud SDK: `sinks/s3-sink.js` (`@aws-sdk/client-s3` + `@aws-sdk/lib-storage`),
 * `sinks/gcs-sink.js` (`@google-cloud/storage`) and `sinks/azure-blob-sink.js` (`@azure/storage-blob`).
 */
export type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
export { SinkError, isSinkError, type SinkErrorFields, type SinkOperation } from '../lib/contracts/sink-error.js';
export { fileSink, type FileSinkOptions } from './file-sink.js';
export { httpPutSink, type HttpPutSinkOptions } from './http-put-sink.js';
export { memorySink, type MemoryObject, type MemorySink, type MemorySinkOptions } from './memory-sink.js';
