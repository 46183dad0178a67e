import { STATUS_TEXT, versionStatusText } from './model-view';

describe('versionStatusText', () => {
  it('says a stalled upload will be cleared, and a live one is uploading', () => {
    expect(versionStatusText({ status: 'uploading', stalledUpload: true })).toBe('上传未完成（将自动清理）');
    expect(versionStatusText({ status: 'uploading', stalledUpload: false })).toBe('上传中');
    // an answer from an admin function before the flag: as before
    expect(versionStatusText({ status: 'uploading' })).toBe('上传中');
  });

  it('names every other status as before, and an unknown one as it is', () => {
    for (const [status, text] of Object.entries(STATUS_TEXT))
      if (status !== 'uploading') expect(versionStatusText({ status, stalledUpload: true })).toBe(text);
    expect(versionStatusText({ status: 'paused' })).toBe('paused');
  });
});
