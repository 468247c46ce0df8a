import { expect } from 'chai';
import { displayGeometry } from '../../../lib/ladder/display-geometry.js';

describe('displayGeometry()', () => {
  it('gives short side, long side, aspect ratio and orientation', () => {
    expect(displayGeometry({ width: 1920, height: 1080, rotationDegrees: 0, sampleAspectRatio: '1:1' })).to.deep.equal({ shortSide: 1080, longSide: 1920, aspectRatio: 1920 / 1080, isPortrait: false });
    expect(displayGeometry({ width: 1080, height: 1920, rotationDegrees: 90, sampleAspectRatio: null })).to.include({ shortSide: 1080, isPortrait: true });
  });

  it('stretches the coded horizontal axis by the sample aspect ratio, which is vertical after a quarter turn', () => {
    expect(displayGeometry({ width: 720, height: 576, rotationDegrees: 0, sampleAspectRatio: '16:15' })).to.include({ shortSide: 576, longSide: 768 });
    expect(displayGeometry({ width: 576, height: 720, rotationDegrees: 90, sampleAspectRatio: '16:15' })).to.include({ shortSide: 576, longSide: 768, isPortrait: true });
  });

  it('ignores absurd sample aspect ratios', () => {
    expect(displayGeometry({ width: 640, height: 360, rotationDegrees: 0, sampleAspectRatio: '100:1' })).to.include({ longSide: 640 });
  });
});
