import { type Operation, type Schema, type Service, SERVICES, documentOf, resolve } from './api/openapi'
import { type Resource, OWN_SCREENS, RESOURCES, describe } from './resources'

// Every list of the four documents (a GET without path parameters that answers a page or a list),
// with the permission its operation declares: the generic menus and screens.
export interface ListScreen extends Resource {
  summary: string
  permission?: string
}

function isList(doc: Awaited<ReturnType<typeof documentOf>>, op: Operation): boolean {
  const s: Schema = resolve(doc, op.responses['200']?.content?.['application/json']?.schema)
  return s.type === 'array' || Boolean(s.properties?.items)
}

export async function listScreens(): Promise<ListScreen[]> {
  const found: ListScreen[] = []
  for (const service of SERVICES) {
    const doc = await documentOf(service)
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = ops.get
      if (!op || path.includes('{') || /^\/(health|docs|admin)/.test(path) || path.endsWith('/export')) continue
      if (OWN_SCREENS.has(`${service} ${path}`) || !isList(doc, op)) continue
      found.push({ ...describe(service, path), summary: op.summary ?? path, permission: op['x-permission'] })
    }
  }
  const rank = (s: ListScreen) => {
    const i = RESOURCES.findIndex((r) => r.service === s.service && r.path === s.path)
    return i < 0 ? RESOURCES.length : i
  }
  return found.sort((a, b) => rank(a) - rank(b))
}

