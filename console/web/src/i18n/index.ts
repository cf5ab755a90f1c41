import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const saved = localStorage.getItem('locale')
export const i18n = createI18n({
  legacy: false,
  locale: LOCALES.includes(saved as Locale) ? (saved as Locale) : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  localStorage.setItem('locale', l)
  document.documentElement.lang = l
}
