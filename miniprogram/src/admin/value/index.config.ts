export default definePageConfig({ navigationBarTitleText: '商家后台 · 客户价值' });
