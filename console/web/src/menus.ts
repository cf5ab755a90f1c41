// The sidebar: menus grouped by office, each shown only to the roles that reach it. The roles are
// those of the permission its list endpoint declares (contracts/access.py, docs/permissions.md); the
// service's 403 stays the real guard.
export interface MenuItem {
  name: string // route name
  label: string // i18n key
  roles: readonly string[]
}

export interface MenuGroup {
  office: 'office' | 'liaison' | 'rights' | 'personnel' | 'shared' | 'system'
  items: MenuItem[]
}

const READ = (office: string) => [`${office}.clerk`, `${office}.head`, 'leader'] // `<office>.read`

export const MENUS: MenuGroup[] = [
  // the week calendar reads the vehicle list (office.read), so it has the list's roles
  { office: 'office', items: [{ name: 'vehicle-week', label: 'menu.vehicleWeek', roles: READ('office') }] },
  { office: 'liaison', items: [] },
  { office: 'rights', items: [{ name: 'petitions', label: 'menu.petitions', roles: READ('rights') }] },
  { office: 'personnel', items: [] },
  { office: 'shared', items: [] }, // what everyone signed in may read of another office (staff.read)
  { office: 'system', items: [{ name: 'calendar', label: 'menu.calendar', roles: ['admin', 'auditor'] }] },
]

/** The groups with at least one menu the roles reach, and only those menus. */
export function menusFor(holdsAny: (roles: readonly string[]) => boolean): MenuGroup[] {
  return MENUS.map((g) => ({ ...g, items: g.items.filter((i) => holdsAny(i.roles)) })).filter((g) => g.items.length)
}

/** The roles that may open a route, by route name (none: every signed-in person). */
export const ROUTE_ROLES: Record<string, readonly string[]> = Object.fromEntries(
  MENUS.flatMap((g) => g.items.map((i) => [i.name, i.roles])),
)
ROUTE_ROLES['petition'] = ROUTE_ROLES['petitions']
