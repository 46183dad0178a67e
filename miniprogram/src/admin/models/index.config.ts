export default definePageConfig({ navigationBarTitleText: '商家后台 · 模型' });
