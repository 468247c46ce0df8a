/**
 * A real live HLS job uploaded while it runs, with deletions: a real-time lavfi source (`-re`) packaged as a
 * sliding window of 3 two-second segments for ~14 s, `watchOutput()`, then `uploadTo([nginx DAV, Swift S3],
 * { deleteRemoved: true })`. While it runs, the HTTP origin (nginx) is read as a player would: its media playlist
 * names only segments the origin holds, and segments that left the window come to answer 404. At the end, each
 * store holds exactly the local package.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, toArray } from 'rxjs';
import { Bitrate, Formats, Representation, Size, packageHls, type MediaInput, type PackagingEvent } from '../../lib/index.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { playlistReferences } from '../../lib/upload/playlist-references.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startNginxDav, type NginxDavServer } from '../helpers/servers/start-nginx-dav.js';
import { startSwiftS3, type SwiftS3Server } from '../helpers/servers/start-swift-s3.js';
import { BUCKET, expectSamePackage, httpStore, localPackage, s3Store } from './upload-to-stores.js';
import { startTogether } from '../helpers/servers/start-together.js';

type Event = PackagingEvent | UploadEvent;

const PLAYLIST = 'master_360p.m3u8';

/** GET from the origin: status and body (empty unless 200). */
async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: response.ok ? await response.text() : (await response.arrayBuffer(), '') };
}

describe('uploadTo({ deleteRemoved: true }) with a real live HLS job (sliding window)', function () {
  this.timeout(120_000);
  let nginx: NginxDavServer;
  let swift: SwiftS3Server;
  let client: S3Client;
  let out: string;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(180_000);
    [nginx, swift] = await startTogether(() => startOrSkip(this, () => startNginxDav()), () => startOrSkip(this, () => startSwiftS3({ buckets: [BUCKET] })));
    client = new S3Client(swift.clientConfig);
  });
  after(async () => {
    client?.destroy();
    await Promise.allSettled([nginx?.stop(), swift?.stop()]);
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'upload-live-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('the origin lists only stored segments while running, old ones answer 404, and each store ends with exactly the local set', async () => {
    const prefix = `live-${Date.now().toString(36)}`;
    const http = httpStore(nginx, prefix);
    const s3 = s3Store(client, prefix);
    const origin = `${nginx.url}/${prefix}`;
    // A live test pattern at real-time rate, as a camera would deliver it.
    const source: MediaInput = { kind: 'url', uri: 'testsrc2=size=640x360:rate=25', inputOptions: ['-f', 'lavfi', '-re'], isLive: true, label: 'testsrc' };
    const job$ = of(source).pipe(
      packageHls({
        output: join(out, 'master.m3u8'),
        format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }),
        representations: [new Representation(new Size(640, 360), new Bitrate(600_000))],
        segmentDurationSeconds: 2,
        live: { windowSegments: 3, durationMs: 14_000 },
      }),
      watchOutput(),
      uploadTo([http.sink, s3.sink], { deleteRemoved: true }),
    );

    // A player's view of the origin, every 500 ms while the job runs.
    let running = true;
    const named = new Set<string>();
    const gone = new Set<string>();
    const violations: string[] = [];
    let polls = 0;
    const watchOrigin = (async () => {
      while (running) {
        const playlist = await get(`${origin}/${PLAYLIST}`).catch(() => ({ status: 0, body: '' }));
        if (playlist.status === 200) {
          polls += 1;
          const segments = (playlistReferences(PLAYLIST, playlist.body) ?? []).filter((key) => key.endsWith('.ts'));
          for (const key of segments) {
            named.add(key);
            if ((await get(`${origin}/${key}`)).status === 200) continue;
            // A newer version may have replaced the playlist (and the segment slid out) since it was read.
            const now = await get(`${origin}/${PLAYLIST}`);
            if ((playlistReferences(PLAYLIST, now.body) ?? []).includes(key)) violations.push(`${key} is named by the origin's playlist but not stored`);
          }
          for (const key of named) if (!segments.includes(key) && (await get(`${origin}/${key}`)).status === 404) gone.add(key);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();

    let events: Event[];
    try {
      events = await lastValueFrom(job$.pipe(toArray()));
    } finally {
      running = false;
      await watchOrigin;
      await Promise.all([http.sink.close?.(), s3.sink.close?.()]);
    }

    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`the last event is ${done?.type}, not done`);
    expect(violations, 'the origin never names a segment it does not hold').to.deep.equal([]);
    expect(polls, 'the origin was read several times while the job ran').to.be.at.least(3);
    expect(gone.size, 'segments that left the window answered 404 at the origin while the job ran').to.be.at.least(1);
    const deleted = events.flatMap((e) => (e.type === 'deleted' ? [`${e.sink} ${e.key}`] : []));
    expect(deleted.filter((d) => d.startsWith(s3.sink.name)).length, 'deletions at S3').to.be.at.least(1);
    expect(deleted.filter((d) => d.startsWith(http.sink.name)).length, 'deletions at nginx').to.be.at.least(1);

    const local = await localPackage(done.result);
    expect([...local.keys()].filter((k) => k.endsWith('.ts')).length, 'the final window').to.be.within(1, 4);
    for (const target of [http, s3]) expectSamePackage(`${target.label} (${target.sink.name})`, await target.list(), local, true);
    const finalPlaylist = await get(`${origin}/${PLAYLIST}`);
    expect(finalPlaylist.body).to.contain('#EXT-X-ENDLIST');
  });
});
