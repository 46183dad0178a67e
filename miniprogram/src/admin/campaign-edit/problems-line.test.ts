import { problemsLine } from './problems-line';

describe('problemsLine', () => {
  it('counts every problem and says those no field shows', () => {
    const problems = [
      { path: 'name', message: '请填写活动名称' },
      { path: 'data.thing1.value', message: '通知内容不能为空' },
      { path: 'kind', message: '通知类型取值不受支持' },
      { path: 'data.thing9', message: '模板中没有字段 thing9' },
    ];
    expect(problemsLine(problems, ['thing1'])).toBe('有 4 处需要修改：通知类型取值不受支持；模板中没有字段 thing9');
    expect(problemsLine(problems.slice(0, 2), ['thing1'])).toBe('有 2 处需要修改');
    // a field name that only starts like a shown one is not shown by it
    expect(problemsLine([{ path: 'pages', message: '含有不认识的字段' }], [])).toBe('有 1 处需要修改：含有不认识的字段');
  });
});
