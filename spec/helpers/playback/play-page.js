// Browser side of the playback harness, served at /__play.js by static-server.ts.
// Plain JS on purpose: functions passed to page.evaluate() from tsx-compiled TS get esbuild's
// `__name` helper injected, which does not exist in the page. Node only calls window.__harness.*.
//
// Error policy: `errors` holds what the player itself reports: every hls.js ERROR event (fatal or
// not), dash.js ERROR/PLAYBACK_ERROR, shaka 'error' (any severity), video.error and load()
// rejections. The one exception is the short list of hls.js non-fatal buffer details passed in
// opts.toleratedHlsDetails: they go to `warnings` (still logged) and do not fail a case.
(() => {
  'use strict';

  const t0 = performance.now();
  const video = /** @type {HTMLVideoElement} */ (document.getElementById('video'));
  const MAX_LOG = 400;

  const st = {
    player: '',
    instance: /** @type {any} */ (null),
    errors: /** @type {string[]} */ ([]),
    warnings: /** @type {string[]} */ ([]),
    log: /** @type {string[]} */ ([]),
    heights: /** @type {number[]} */ ([]),
    // The longest rung list the player has shown: players drop a rung for a while after a network error on it.
    renditions: /** @type {{height: number, bandwidth: number}[]} */ ([]),
    // Media seconds played continuously (see the timeupdate handler), and where the last timeupdate was.
    advancedSeconds: 0,
    lastTime: /** @type {number | null} */ (null),
    lastTimeAt: 0,
    playRequested: false,
  };

  const ms = () => Math.round(performance.now() - t0);
  const log = (msg) => {
    if (st.log.length < MAX_LOG) st.log.push(`${ms()}ms ${msg}`);
    else if (st.log.length === MAX_LOG) st.log.push('… log truncated');
  };
  const warn = (msg) => {
    st.warnings.push(msg);
    log(`WARNING ${msg}`);
  };
  const fail = (msg) => {
    st.errors.push(msg);
    log(`ERROR ${msg}`);
  };
  const short = (value, max = 300) => {
    let text;
    try {
      text = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      text = String(value);
    }
    return text !== undefined && text.length > max ? `${text.slice(0, max)}…` : String(text);
  };

  const sampleHeight = () => {
    const h = video.videoHeight;
    if (h > 0 && st.heights[st.heights.length - 1] !== h) {
      st.heights.push(h);
      log(`videoHeight=${h} at t=${video.currentTime.toFixed(2)}`);
    }
  };
  setInterval(sampleHeight, 100);

  const MEDIA_ERR = ['', 'MEDIA_ERR_ABORTED', 'MEDIA_ERR_NETWORK', 'MEDIA_ERR_DECODE', 'MEDIA_ERR_SRC_NOT_SUPPORTED'];
  video.addEventListener('error', () => {
    const e = video.error;
    if (e === null) return;
    fail(`video.error code=${e.code} (${MEDIA_ERR[e.code] ?? '?'}): ${e.message || '(no message)'}`);
  });
  for (const type of ['loadedmetadata', 'canplay', 'playing', 'waiting', 'stalled', 'ended', 'seeking', 'seeked']) {
    video.addEventListener(type, () => log(`video ${type} t=${video.currentTime.toFixed(2)} rs=${video.readyState}`));
  }
  video.addEventListener('resize', sampleHeight);

  // Media time that really advanced while playing: currentTime deltas between timeupdates, no faster than the wall
  // clock (plus slack). Seeks and jumps (a live player catching up with the edge, gap skipping) do not count, unlike
  // video.played, which a jump can inflate.
  const ADVANCE_SLACK_SECONDS = 0.25;
  video.addEventListener('timeupdate', () => {
    const now = performance.now();
    if (!video.seeking && !video.paused && st.lastTime !== null) {
      const delta = video.currentTime - st.lastTime;
      if (delta > 0 && delta <= (now - st.lastTimeAt) / 1000 + ADVANCE_SLACK_SECONDS) st.advancedSeconds += delta;
    }
    st.lastTime = video.seeking ? null : video.currentTime;
    st.lastTimeAt = now;
  });
  video.addEventListener('seeking', () => {
    st.lastTime = null;
  });

  const loadScript = (src) =>
    new Promise((resolve, reject) => {
      const el = document.createElement('script');
      el.src = src;
      el.onload = () => resolve(undefined);
      el.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(el);
    });

  const hexToBytes = (hex) => new Uint8Array((hex.match(/../g) ?? []).map((b) => parseInt(b, 16)));
  const bytesToB64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const hexToB64url = (hex) => bytesToB64(hexToBytes(hex)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const keyDataUri = (hex) => `data:application/octet-stream;base64,${bytesToB64(hexToBytes(hex))}`;
  const keyUriMatches = (override, url) => override.uriContains === undefined || url.includes(override.uriContains);

  const requestPlay = () => {
    if (st.playRequested) return;
    st.playRequested = true;
    video.play().catch((e) => log(`video.play() rejected: ${e && e.message}`));
  };
  video.addEventListener('canplay', requestPlay);

  // ---- hls.js ---------------------------------------------------------------------------------
  const startHls = async (opts) => {
    await loadScript('/__lib/hls.js');
    const Hls = /** @type {any} */ (window).Hls;
    log(`hls.js ${Hls.version}`);
    if (!Hls.isSupported()) return fail('hls.js: Hls.isSupported() is false (no MSE?)');
    const config = { debug: false, ...(opts.playerConfig ?? {}) };
    const override = opts.hlsKeyOverride;
    if (override !== undefined) {
      // Serve the AES-128 key from a data: URI so the test needs no key server.
      config.xhrSetup = (xhr, url) => {
        if (keyUriMatches(override, url) && !/\.(ts|m4s|mp4|m3u8|aac)(\?|$)/.test(url)) {
          log(`hls.js key request ${url} -> override`);
          xhr.open('GET', keyDataUri(override.keyHex), true);
        }
      };
    }
    const hls = new Hls(config);
    st.instance = hls;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      const parts = [`hls.js ${data.fatal ? 'FATAL' : 'non-fatal'} ${data.type}/${data.details}`];
      if (data.reason) parts.push(`reason="${data.reason}"`);
      if (data.response && data.response.code !== undefined) parts.push(`http=${data.response.code}`);
      const url = (data.frag && data.frag.url) || (data.context && data.context.url) || data.url;
      if (url) parts.push(`url=${url}`);
      if (data.error && data.error.message && data.error.message !== data.reason) parts.push(`error="${data.error.message}"`);
      const tolerated = !data.fatal && (opts.toleratedHlsDetails ?? []).includes(data.details);
      (tolerated ? warn : fail)(parts.join(' '));
    });
    hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
      log(`hls.js manifest: ${data.levels.map((l) => `${l.height}p@${l.bitrate}`).join(', ')}`);
      renditions();
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, data) => log(`hls.js LEVEL_SWITCHED level=${data.level}`));
    hls.loadSource(opts.url);
    hls.attachMedia(video);
  };

  // ---- dash.js --------------------------------------------------------------------------------
  const startDash = async (opts) => {
    await loadScript('/__lib/dash.js');
    const dashjs = /** @type {any} */ (window).dashjs;
    const player = dashjs.MediaPlayer().create();
    st.instance = player;
    log(`dash.js ${player.getVersion()}`);
    const events = dashjs.MediaPlayer.events;
    player.on(events.ERROR, (e) => {
      const err = e.error ?? {};
      fail(`dash.js ERROR code=${err.code ?? '?'}: ${err.message ?? short(e)}${err.data ? ` data=${short(err.data, 200)}` : ''}`);
    });
    player.on(events.PLAYBACK_ERROR, (e) => {
      const err = e.error ?? {};
      fail(`dash.js PLAYBACK_ERROR code=${err.code ?? '?'}: ${err.message ?? ''}`);
    });
    player.on(events.STREAM_INITIALIZED, () => {
      const reps = player.getRepresentationsByType('video');
      log(`dash.js representations: ${reps.map((r) => `${r.id}:${r.height}p@${r.bandwidth}`).join(', ')}`);
      renditions();
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (e) => {
      if (e.mediaType === 'video') log(`dash.js QUALITY_CHANGE_RENDERED video -> ${e.newRepresentation && e.newRepresentation.id}`);
    });
    player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING }, ...(opts.playerConfig ?? {}) });
    if (opts.clearKeys !== undefined) {
      const clearkeys = {};
      for (const [kid, key] of Object.entries(opts.clearKeys)) clearkeys[hexToB64url(kid)] = hexToB64url(key);
      player.setProtectionData({ 'org.w3.clearkey': { clearkeys } });
    }
    player.initialize(video, opts.url, true);
  };

  // ---- shaka-player ---------------------------------------------------------------------------
  const shakaCodeName = (code) => {
    const codes = /** @type {any} */ (window).shaka.util.Error.Code;
    return Object.keys(codes).find((k) => codes[k] === code) ?? '?';
  };
  const shakaErrorText = (err) => {
    if (!err || err.code === undefined) return `shaka error: ${short(err)}`;
    const severity = err.severity === 2 ? 'CRITICAL' : 'RECOVERABLE';
    return `shaka ${severity} error ${err.code} ${shakaCodeName(err.code)} (category ${err.category}) data=${short(err.data, 300)}`;
  };
  const startShaka = async (opts) => {
    await loadScript('/__lib/shaka.js');
    const shaka = /** @type {any} */ (window).shaka;
    log(`shaka ${shaka.Player.version}`);
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) return fail('shaka: Player.isBrowserSupported() is false');
    const player = new shaka.Player();
    st.instance = player;
    await player.attach(video);
    player.addEventListener('error', (e) => fail(shakaErrorText(e.detail)));
    player.addEventListener('variantchanged', () => log('shaka variantchanged'));
    player.addEventListener('adaptation', () => log('shaka adaptation'));
    player.addEventListener('trackschanged', () => {
      log(`shaka trackschanged: ${player.getVariantTracks().map((t) => `${t.id}:${t.height}p@${t.bandwidth}`).join(', ')}`);
      renditions();
    });
    const config = { ...(opts.playerConfig ?? {}) };
    if (opts.clearKeys !== undefined) config.drm = { ...(config.drm ?? {}), clearKeys: opts.clearKeys };
    player.configure(config);
    const override = opts.hlsKeyOverride;
    if (override !== undefined) {
      const KEY = shaka.net.NetworkingEngine.RequestType.KEY;
      player.getNetworkingEngine().registerRequestFilter((type, request) => {
        if (type === KEY && request.uris.some((u) => keyUriMatches(override, u))) {
          log(`shaka key request ${request.uris[0]} -> override`);
          request.uris = [keyDataUri(override.keyHex)];
        }
      });
    }
    try {
      await player.load(opts.url);
      const tracks = player.getVariantTracks();
      log(`shaka variants: ${tracks.map((t) => `${t.id}:${t.height}p@${t.bandwidth}${t.active ? '*' : ''}`).join(', ')}`);
    } catch (err) {
      // load() rejects with the same error the 'error' event carries; record it once.
      const text = shakaErrorText(err);
      if (!st.errors.includes(text)) fail(text);
    }
  };

  // ---- native (Chromium's own HLS) ------------------------------------------------------------
  const startNative = async (opts) => {
    const can = video.canPlayType('application/vnd.apple.mpegurl');
    log(`native: canPlayType(application/vnd.apple.mpegurl)="${can}"`);
    video.src = opts.url;
  };

  const starters = { hls: startHls, dash: startDash, shaka: startShaka, native: startNative };

  const currentRenditions = () => {
    const p = st.instance;
    if (p === null) return [];
    if (st.player === 'hls') return p.levels.map((l) => ({ height: l.height, bandwidth: l.bitrate }));
    if (st.player === 'dash') return p.getRepresentationsByType('video').map((r) => ({ height: r.height, bandwidth: r.bandwidth }));
    if (st.player === 'shaka') {
      return p.getVariantTracks().map((t) => ({ height: t.height ?? 0, bandwidth: t.bandwidth }));
    }
    return [];
  };
  // The rungs the player listed, at most: shaka disables a variant for `streaming.maxDisabledTime` after a network
  // error on it, and it then disappears from getVariantTracks() for a while.
  const renditions = () => {
    const now = currentRenditions();
    if (now.length > st.renditions.length) st.renditions = now;
    return st.renditions;
  };

  // Whether the player itself treats the stream as live; null when it cannot tell (yet).
  const isLive = () => {
    const p = st.instance;
    if (st.player === 'native') return Number.isNaN(video.duration) ? null : video.duration === Infinity;
    if (p === null) return null;
    if (st.player === 'hls') {
      const details = p.levels.map((l) => l.details).filter((d) => d !== undefined && d !== null);
      return details.length === 0 ? null : details.some((d) => d.live === true);
    }
    if (st.player === 'dash') return p.isDynamic();
    if (st.player === 'shaka') return p.isLive();
    return null;
  };

  const switchTo = (height) => {
    const p = st.instance;
    if (st.player === 'hls') {
      const index = p.levels.findIndex((l) => l.height === height);
      if (index < 0) return { ok: false, note: `hls.js has no level with height ${height}` };
      // Setting currentLevel disables ABR (manual level) and flushes the forward buffer.
      p.currentLevel = index;
      return { ok: true, note: `hls.currentLevel = ${index}` };
    }
    if (st.player === 'dash') {
      p.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      const rep = p.getRepresentationsByType('video').find((r) => r.height === height);
      if (rep === undefined) return { ok: false, note: `dash.js has no video representation with height ${height}` };
      p.setRepresentationForTypeById('video', rep.id, true);
      return { ok: true, note: `setRepresentationForTypeById('video', '${rep.id}', forceReplace=true)` };
    }
    if (st.player === 'shaka') {
      p.configure({ abr: { enabled: false } });
      const candidates = p.getVariantTracks().filter((t) => t.height === height);
      const active = p.getVariantTracks().find((t) => t.active);
      const track =
        candidates.find((t) => active !== undefined && t.audioId === active.audioId) ??
        candidates.sort((a, b) => b.bandwidth - a.bandwidth)[0];
      if (track === undefined) return { ok: false, note: `shaka has no variant with height ${height}` };
      p.selectVariantTrack(track, true);
      return { ok: true, note: `selectVariantTrack(id=${track.id}, clearBuffer=true)` };
    }
    return { ok: false, note: `player '${st.player}' cannot be switched through an API` };
  };

  const playedSeconds = () => {
    let sum = 0;
    for (let i = 0; i < video.played.length; i += 1) sum += video.played.end(i) - video.played.start(i);
    return sum;
  };

  /** @type {any} */ (window).__harness = {
    async start(opts) {
      st.player = opts.player;
      log(`start player=${opts.player} url=${opts.url}`);
      const starter = starters[opts.player];
      if (starter === undefined) return fail(`unknown player '${opts.player}'`);
      try {
        await starter(opts);
      } catch (err) {
        fail(`${opts.player}: start failed: ${(err && err.message) || short(err)}`);
      }
      requestPlay();
    },
    state() {
      sampleHeight();
      const q = video.getVideoPlaybackQuality();
      return {
        playedSeconds: playedSeconds(),
        advancedSeconds: st.advancedSeconds,
        totalFrames: q.totalVideoFrames,
        droppedFrames: q.droppedVideoFrames,
        currentTime: video.currentTime,
        videoHeight: video.videoHeight,
        paused: video.paused,
        ended: video.ended,
        readyState: video.readyState,
        errors: st.errors.slice(),
        warnings: st.warnings.slice(),
        heightsSeen: st.heights.slice(),
      };
    },
    log: () => st.log.slice(),
    note: (msg) => log(`[node] ${msg}`),
    renditions,
    isLive,
    switchTo,
  };
})();
