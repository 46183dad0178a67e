import { STATUS_TEXT, valueRefitFigures, versionStatusText } from './model-view';

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

describe('valueRefitFigures', () => {
  const judged = (incumbentVersion: string) => ({
    metric: 'rmse',
    candidate: 1.3184,
    incumbent: 1.2941,
    heldOut: 80,
    incumbentVersion,
    passed: false,
    reason: 'no better',
  });

  it('gives both back-test figures of the version a value refit made, and on how many buyers', () => {
    const versions = [
      { version: 'v3', evaluation: judged('v1') },
      { version: 'v2', evaluation: judged('shipped') },
    ];
    expect(valueRefitFigures({ version: 'v3' }, versions)).toBe(
      '回测 80 位买家（RMSE，越低越好）：新版本 v3 1.318，当前版本 v1 1.294',
    );
    expect(valueRefitFigures({ version: 'v2' }, versions)).toBe(
      '回测 80 位买家（RMSE，越低越好）：新版本 v2 1.318，不预测 1.294',
    );
  });

  it('says nothing without a judged version (too few buyers, an unlisted or unjudged one, another metric)', () => {
    expect(valueRefitFigures(null, [])).toBeNull();
    expect(valueRefitFigures({}, [{ version: 'v1', evaluation: judged('shipped') }])).toBeNull();
    expect(valueRefitFigures({ version: 'v9' }, [{ version: 'v1', evaluation: judged('shipped') }])).toBeNull();
    expect(valueRefitFigures({ version: 'v1' }, [{ version: 'v1', evaluation: null }])).toBeNull();
    expect(
      valueRefitFigures({ version: 'v1' }, [{ version: 'v1', evaluation: { ...judged('shipped'), metric: 'accuracy' } }]),
    ).toBeNull();
  });
});
