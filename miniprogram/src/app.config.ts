export default defineAppConfig({
  pages: ['pages/index/index', 'pages/product/index', 'pages/cart/index', 'pages/review/index', 'pages/me/index'],
  subPackages: [
    {
      root: 'admin',
      pages: ['overview/index', 'segments/index', 'rules/index', 'campaigns/index', 'campaign-edit/index', 'outbox/index', 'models/index', 'value/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '群像小店',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f6f6f6',
  },
  tabBar: {
    color: '#888888',
    selectedColor: '#e4393c',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/cart/index', text: '购物车' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  // WeChat privacy guide (基础库 2.32.3+): wx.onNeedPrivacyAuthorization fires before privacy APIs.
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
});
