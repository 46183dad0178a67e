export default definePageConfig({ navigationBarTitleText: '商家后台 · 分群' });
