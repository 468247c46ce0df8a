/**
 * Real servers on 127.0.0.1 for integration tests, each started once per spec file and stopped by PID:
 * Swift with s3api (a real S3), Azurite, nginx with DAV (HTTP PUT origin), a fake GCS JSON API (no emulator
 * exists offline), a seeded fault-injecting proxy to put in front of any of them, and Xvfb (a real X screen to
 * capture, kept moving).
 */
export { startSwiftS3, type SwiftS3Options, type SwiftS3Server } from './start-swift-s3.js';
export { startAzurite, type AzuriteOptions, type AzuriteServer } from './start-azurite.js';
export { startNginxDav, type NginxDavOptions, type NginxDavServer } from './start-nginx-dav.js';
export { startFakeGcs, type FakeGcsObject, type FakeGcsOptions, type FakeGcsRequest, type FakeGcsServer } from './start-fake-gcs.js';
export { startXvfb, type XvfbOptions, type XvfbServer } from './start-xvfb.js';
export { paintX11Screen, type X11Painter, type X11PainterOptions } from './x11-painter.js';
export { faultProxy, type FaultMode, type FaultProxy, type FaultProxyOptions, type FaultProxyStats } from './fault-proxy.js';
export { crc32cBase64, crc32cUpdate } from './crc32c.js';
export { ServerUnavailableError, isCi, startOrSkip } from './server-unavailable-error.js';
