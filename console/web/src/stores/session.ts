import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { get, post } from '@/api/http'
import type { Me } from '@/api/types'

// Who is signed in: /auth/me once per page load, /auth/login and /auth/logout.
export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const checked = ref(false)

  async function load(): Promise<Me | null> {
    if (!checked.value) {
      try {
        me.value = await get<Me>('/auth/me')
      } catch {
        me.value = null
      }
      checked.value = true
    }
    return me.value
  }

  async function signIn(username: string, password: string): Promise<void> {
    me.value = await post<Me>('/auth/login', { username, password })
    checked.value = true
  }

  async function signOut(): Promise<void> {
    try {
      await post('/auth/logout')
    } finally {
      forget()
    }
  }

  function forget(): void {
    me.value = null
    checked.value = true
  }

  const roles = computed(() => new Set(me.value?.roles ?? []))
  const holdsAny = (wanted: readonly string[]) => wanted.some((r) => roles.value.has(r))
  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  /** The role holds the permission an operation names (`x-permission`); none named: anyone signed in. */
  const can = (permission: string | undefined) => !permission || permissions.value.has(permission)

  return { me, load, signIn, signOut, forget, holdsAny, can }
})
