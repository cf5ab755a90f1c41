// The generic screens' descriptions: each list of the four OpenAPI documents by its GET path, with
// its Chinese label (i18n `res.<service><path>`, else the operation's summary), its menu group and
// the columns a clerk asks for. A list not described here still gets a screen, with the columns its
// item schema gives, under its service's menu ("更多").
import type { Service } from './api/openapi'

export type Group = 'office' | 'liaison' | 'rights' | 'personnel' | 'system'

export interface Resource {
  service: Service
  path: string // the list's GET path
  group: Group
  columns?: string[]
}

export const RESOURCES: Resource[] = [
  { service: 'office', path: '/supervision/items', group: 'office', columns: ['kind', 'office', 'title', 'due_on', 'overdue', 'state'] },
  { service: 'office', path: '/supervision/tasks', group: 'office' },
  { service: 'office', path: '/documents/incoming', group: 'office', columns: ['title', 'source_organ', 'source_number', 'received_on', 'office', 'handling_due', 'state'] },
  { service: 'office', path: '/documents/outgoing', group: 'office', columns: ['title', 'number', 'classification', 'state'] },
  { service: 'office', path: '/vehicles', group: 'office', columns: ['plate', 'seats', 'status'] },
  { service: 'office', path: '/vehicle-bookings', group: 'office' },
  { service: 'office', path: '/outbound-trips', group: 'office', columns: ['cadre_id', 'destinations', 'departs_on', 'next_step', 'passport_due_on', 'state'] },
  { service: 'office', path: '/duty-rosters', group: 'office' },
  { service: 'office', path: '/directory', group: 'office', columns: ['name', 'office', 'post', 'since'] },
  { service: 'personnel', path: '/cadres', group: 'personnel', columns: ['name', 'office', 'post', 'state'] },
  { service: 'personnel', path: '/establishment', group: 'personnel' },
  { service: 'personnel', path: '/federations', group: 'personnel' },
  { service: 'personnel', path: '/identity-reviews', group: 'personnel' },
  { service: 'personnel', path: '/commendations', group: 'personnel' },
  { service: 'liaison', path: '/associations', group: 'liaison', columns: ['name_zh', 'name_romanised', 'country', 'city', 'status'] },
  { service: 'liaison', path: '/persons', group: 'liaison' },
  { service: 'liaison', path: '/delegation-visits', group: 'liaison', columns: ['association_name', 'country', 'arrival_on', 'departure_on', 'state', 'logistics'] },
  { service: 'liaison', path: '/programmes', group: 'liaison' },
  { service: 'liaison', path: '/articles', group: 'liaison', columns: ['title', 'state', 'published_at'] },
  { service: 'rights', path: '/consultations', group: 'rights' },
  { service: 'rights', path: '/disputes', group: 'rights' },
  { service: 'rights', path: '/counsel', group: 'rights' },
  { service: 'rights', path: '/assistance/applications', group: 'rights' },
  // the offices' staff lists are for everyone signed in (staff.read): with the directory, not under
  // an office's menu that its clerks alone reach
  { service: 'rights', path: '/staff', group: 'office' },
  { service: 'liaison', path: '/staff', group: 'office' },
]

const GROUP_OF: Record<Service, Group> = { office: 'office', liaison: 'liaison', rights: 'rights', personnel: 'personnel' }

/** The description of a list, or the default one for its service. */
export function describe(service: Service, path: string): Resource {
  return RESOURCES.find((r) => r.service === service && r.path === path) ?? { service, path, group: path === '/audit' ? 'system' : GROUP_OF[service] }
}

// lists that have a screen of their own, or are not a list of records
export const OWN_SCREENS = new Set(['rights /petitions', 'rights /petitions/stats', 'liaison /articles/feed.atom'])
