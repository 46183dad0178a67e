export default definePageConfig({ navigationBarTitleText: '群像小店', enablePullDownRefresh: false, enableShareAppMessage: true });
