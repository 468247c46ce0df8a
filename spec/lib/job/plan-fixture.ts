import type { EncodingPlan } from '../../../lib/plan/encoding-plan.js';

/** A plan with no streams, writing `talk*` files into /srv/packages/talk; specs spread their own fields over it. */
export const TALK_PLAN: EncodingPlan = {
  input: { kind: 'file', uri: '/media/in.mp4', inputOptions: [], isLive: false, label: 'in' },
  videoStreamIndex: 0,
  audioStreamIndex: 1,
  video: null,
  rungs: [],
  audio: null,
  segmentDurationSeconds: 6,
  keyFrameIntervalSeconds: 2,
  outDir: '/srv/packages/talk',
  slug: 'talk',
  extraArgs: [],
};
