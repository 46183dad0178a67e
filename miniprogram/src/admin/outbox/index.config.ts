export default definePageConfig({ navigationBarTitleText: '商家后台 · 发送记录' });
