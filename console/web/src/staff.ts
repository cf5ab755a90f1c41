import { reactive } from 'vue'
import { get } from '@/api/http'

// The federation's staff directory (office's /directory, readable by everyone signed in: names, posts
// and offices of the cadres, from personnel's events), loaded once: the pickers of a cadre and the
// names shown for a cadre's id.
export interface StaffEntry {
  cadre_id: string
  name: string
  office: string
  post: string
}

const byId = reactive(new Map<string, StaffEntry>())
let loading: Promise<StaffEntry[]> | null = null

export function staffDirectory(): Promise<StaffEntry[]> {
  loading ??= get<{ items: StaffEntry[] }>('/api/office/directory', { limit: 500 })
    .then((page) => {
      for (const e of page.items) byId.set(e.cadre_id, e)
      return page.items
    })
    .catch(() => {
      loading = null
      return []
    })
  return loading
}

/** A field that holds a cadre's id: the leader who hosts a reception, a handler, an author. */
export function isCadreField(name: string): boolean {
  const last = name.split('.').pop() ?? name
  return last === 'hosting_leader_id' || last.endsWith('cadre_id')
}

/** The cadre of an id, once the directory is loaded (reactive: a cell re-renders when it arrives). */
export function cadreOf(id: string): StaffEntry | undefined {
  void staffDirectory()
  return byId.get(id)
}

// leading posts (领导职务): heads of the federation, its party group and its offices, not 主任科员
const LEADING = /主席|书记|書記|秘书长|秘書長|部长|部長|处长|處長|主任(?!科)/

export function isLeader(e: StaffEntry): boolean {
  return LEADING.test(e.post)
}
