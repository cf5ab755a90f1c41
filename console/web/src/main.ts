import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-message.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { whenSignedOut } from './api/http'
import { i18n } from './i18n'
import { router } from './router'
import { useSession } from './stores/session'

const app = createApp(App).use(createPinia()).use(i18n).use(router)
whenSignedOut(() => {
  useSession().forget()
  if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login' })
})
app.mount('#app')
