/**
 * 我的: what the shop knows about me in plain words, my segment and why, consent status, the
 * personalised-push switch, export, delete, and withdrawal of consent (PIPL).
 */
import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { EXPORT_READING_NOTE, STORE_NOTICES, type StoreNotice } from '../../../../cloudfunctions/common/contracts/privacy-notices';
import { LoadError } from '../../components/load-error';
import { PageShell } from '../../components/page-shell';
import { IS_H5 } from '../../platform/env';
import { deleteTrackedData, tracker, withdrawTracking } from '../../services/analytics';
import { beijingDay } from '../../services/beijing-time';
import { consentUi } from '../../services/consent-ui';
import { collectExport } from '../../services/data-export';
import { failureText } from '../../services/outcome';
import { privacyApi, type ConsentInfo, type MeSummary } from '../../services/privacy';
import { isStaff } from '../../services/staff';
import './index.scss';


async function confirm(title: string, content: string): Promise<boolean> {
  const r = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消', confirmColor: '#e4393c' });
  return r.confirm;
}

export default function Me() {
  const [me, setMe] = useState<MeSummary | null>(null);
  const [consent, setConsent] = useState<ConsentInfo | null>(null);
  const [message, setMessage] = useState('');
  const [exported, setExported] = useState('');
  const [notices, setNotices] = useState<readonly StoreNotice[]>(STORE_NOTICES);
  const [error, setError] = useState('');
  const [staff, setStaff] = useState(false);

  const refresh = () => {
    setError('');
    // Send what this customer just did first, so their profile shows it (flush never rejects).
    void tracker
      .flush()
      .then(() => privacyApi.me())
      .then(setMe, (e: Error) => setError(e.message));
    privacyApi.getConsent().then(setConsent, (e: Error) => setError(e.message));
    // 商家后台 only for staff: the admin function answers FORBIDDEN to everyone else
    isStaff().then(setStaff, () => setStaff(false));
  };
  useDidShow(refresh);

  const run = async (what: () => Promise<string>) => {
    setMessage('');
    try {
      setMessage(await what());
    } catch (err) {
      setMessage(failureText('操作失败', err));
    }
    refresh();
  };

  const togglePersonalization = (enabled: boolean) =>
    run(async () => {
      await privacyApi.setPersonalization(enabled);
      return enabled ? '已开启个性化推送' : '已关闭个性化推送：我们不会再根据你的画像发送通知';
    });
  const exportData = () =>
    run(async () => {
      const r = await collectExport(privacyApi.exportMyData);
      setExported(r.json);
      setNotices(r.notices);
      return r.summary;
    });
  const deleteData = async () => {
    if (!(await confirm('删除我的数据', `将删除本店保存的你的行为记录、画像和订阅授权，且无法恢复。订单依法保留三年（只作存储，期满后去掉你的标识），已发送的通知记录保留；训练用的临时文件也立即删除。你的同意状态会保留。`))) return;
    await run(async () => {
      const r = await deleteTrackedData();
      setExported('');
      return `已删除你的数据（${Object.values(r.deleted).reduce((s, n) => s + n, 0)} 条记录${r.purged ? `，含本机未上传的 ${r.purged} 条` : ''}）`;
    });
  };
  const withdraw = async () => {
    if (!(await confirm('撤回同意', '撤回后我们将停止记录你的行为，并删除已保存的数据。'))) return;
    await run(async () => {
      const purged = await withdrawTracking();
      setExported('');
      return `已撤回同意，并已删除你的数据${purged ? `（含本机未上传的 ${purged} 条记录）` : ''}`;
    });
  };
  const copyExport = () => void Taro.setClipboardData({ data: exported });
  // h5: the copy as a file; the mini program copies it (a JSON file has no viewer there).
  const downloadExport = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([exported], { type: 'application/json' }));
    a.download = `我的数据-${beijingDay(Date.now())}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  // A new device knows nothing until the server answers: 「未同意数据收集」 then would be false for
  // a customer who agreed on another one (it showed for seconds on a slow first call).
  const known = consent !== null || tracker.consentState !== null;
  const granted = consent?.current ?? tracker.consentState?.granted ?? false;
  // The account agreed (on another device) and this device was told 本机不记录.
  const deviceOff = granted && tracker.consentState?.granted === false;
  return (
    <PageShell className='me'>
      <View className='me-head'>
        <View className='avatar'>我</View>
        <View>
          <Text className='me-title'>我的</Text>
          <Text className='me-sub' id='consent-status'>
            {!known ? '正在读取你的同意状态…' : granted ? `已同意数据收集（第 ${consent?.version ?? tracker.consentState?.version} 版${consent?.grantedAt ? `，${beijingDay(consent.grantedAt)}` : ''}）${deviceOff ? '；本机不记录' : ''}` : '未同意数据收集：我们不记录你的行为'}
          </Text>
        </View>
      </View>
      {error ? <LoadError id='load-error' message={error} onRetry={refresh} /> : null}
      {message ? <Text className='toast-line' id='me-message'>{message}</Text> : null}

      <View className='section'>
        <Text className='section-title'>我们了解到的你</Text>
        {(me?.lines ?? ['加载中…']).map((l, i) => (
          <Text className='plain-line' key={i}>{l}</Text>
        ))}
      </View>

      <View className='section'>
        <Text className='section-title'>我的分群</Text>
        {!me || !known ? (
          <Text className='muted' id='segment-none'>加载中…</Text>
        ) : me.segment ? (
          <View>
            <Text className='segment-name' id='segment-name'>{me.segment.name}</Text>
            {me.segment.explain ? <Text className='plain-line'>{me.segment.explain}</Text> : null}
            {me.segment.reasons.map((r, i) => (
              <Text className='plain-line reason' key={i}>· {r}</Text>
            ))}
          </View>
        ) : (
          <Text className='muted' id='segment-none'>
            {granted
              ? '暂未分群：有了足够的记录后，系统会在几分钟内自动归类（每 10 分钟更新一次），并在这里说明原因。'
              : '未同意数据收集：我们不记录你的行为，也不会给你分群。'}
          </Text>
        )}
        <Text className='muted'>分群由系统根据你在本店的记录自动得出，商家用它了解顾客、决定给你发送哪些你订阅过的服务通知；关闭下方「个性化推送」后不再据此给你推送。</Text>
      </View>

      <View className='section'>
        <Text className='section-title'>隐私与授权</Text>
        <View className='row'>
          <View>
            <Text className='row-title'>个性化推送</Text>
            <Text className='muted row-desc' id='personalization-desc'>
              {!known ? '加载中…' : granted ? '根据画像给你发送你订阅过的服务通知' : '未同意数据收集：没有画像，不会据此推送'}
            </Text>
          </View>
          {/* Without consent there is no profile to personalise from: the switch shows off, not the stored preference. */}
          <Switch id='personalization' checked={granted && (consent?.personalization ?? true)} disabled={!consent || !granted} color='#e4393c' onChange={(e) => void togglePersonalization(e.detail.value)} />
        </View>
        <View className='actions'>
          <Button className='btn btn-ghost btn-small' id='export-btn' onClick={exportData}>导出我的数据</Button>
          <Button className='btn btn-ghost btn-small' id='delete-btn' onClick={deleteData}>删除我的数据</Button>
          {deviceOff ? (
            <Button className='btn btn-ghost btn-small' id='device-on-btn' onClick={() => consentUi.show()}>本机也记录</Button>
          ) : null}
          {!known ? null : granted ? (
            <Button className='btn btn-ghost btn-small danger' id='withdraw-btn' onClick={withdraw}>撤回同意</Button>
          ) : (
            <Button className='btn btn-primary btn-small' id='reconsent-btn' onClick={() => consentUi.show()}>查看并同意</Button>
          )}
        </View>
        {exported ? (
          <View className='export'>
            <Text className='export-json'>{exported.length > 1500 ? `${exported.slice(0, 1500)}\n…` : exported}</Text>
            <View className='export-links'>
              <Text className='link' onClick={copyExport}>复制全部</Text>
              {IS_H5 ? <Text className='link' id='export-download' onClick={downloadExport}>下载 JSON 文件</Text> : null}
            </View>
          </View>
        ) : null}
        <View className='store-notices' id='store-notices'>
          <Text className='row-title'>数据存放与删除说明</Text>
          {notices.map((n) => (
            <Text className='muted plain-line' key={n.store}>· {n.what}：{n.onDelete}</Text>
          ))}
          <Text className='muted plain-line' id='export-reading-note'>· 导出的文件：{EXPORT_READING_NOTE}</Text>
        </View>
      </View>

      <View className='section row' onClick={() => void Taro.navigateTo({ url: '/pages/review/index' })} id='to-review'>
        <Text className='row-title'>待评价的商品</Text>
        <Text className='link'>去评价 ›</Text>
      </View>

      {staff ? (
        <View className='section row' onClick={() => void Taro.navigateTo({ url: '/admin/overview/index' })} id='to-admin'>
          <Text className='row-title'>商家后台</Text>
          <Text className='link'>进入 ›</Text>
        </View>
      ) : null}
    </PageShell>
  );
}
