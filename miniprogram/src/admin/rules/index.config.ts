export default definePageConfig({ navigationBarTitleText: '商家后台 · 自定义分群' });
