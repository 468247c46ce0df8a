/** README "Verifying a package": reads the HLS package quick-start.ts wrote. */
// README:begin
import { verify } from '../lib/index.js';
const report = await verify('out/hls/master.m3u8');
if (!report.ok) console.log(report.checks.filter((c) => c.status === 'fail'));
// README:end
console.log(report.ok ? 'the package is OK' : 'the package is broken');
