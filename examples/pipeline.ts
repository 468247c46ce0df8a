/** README: the facade's job as an RxJS pipeline. Reads `talk.mp4` in the current directory. */
// README:begin
import { filter, share } from 'rxjs';
import { fromFile, packageHls } from '../lib/index.js';

const events$ = fromFile('talk.mp4').pipe(packageHls({ output: 'out/master.m3u8', segmentDurationSeconds: 4 }), share());
events$.pipe(filter((e) => e.type === 'progress')).subscribe((e) => console.log(e.progress));
events$.pipe(filter((e) => e.type === 'done')).subscribe((e) => console.log('wrote', e.result.files.length, 'files'));
// README:end
