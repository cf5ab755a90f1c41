// The services' OpenAPI documents at run time, loaded on demand (a chunk each): the generic screens
// and action forms are built from them, and `x-permission` on each operation says who may use it.
export type Service = 'office' | 'liaison' | 'rights' | 'personnel'
export const SERVICES: readonly Service[] = ['office', 'liaison', 'rights', 'personnel']

export interface Schema {
  $ref?: string
  type?: string
  format?: string
  enum?: string[]
  anyOf?: Schema[]
  allOf?: Schema[]
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  title?: string
  description?: string
  default?: unknown
  maxLength?: number
  minimum?: number
  maximum?: number
}

export interface Parameter {
  name: string
  in: 'query' | 'path'
  required?: boolean
  schema: Schema
  description?: string
}

export interface Operation {
  summary?: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
  'x-permission'?: string
}

interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}

const loaders: Record<Service, () => Promise<{ default: unknown }>> = {
  office: () => import('../../openapi/office.json'),
  liaison: () => import('../../openapi/liaison.json'),
  rights: () => import('../../openapi/rights.json'),
  personnel: () => import('../../openapi/personnel.json'),
}
const loaded = new Map<Service, Promise<Document>>()

export function documentOf(service: Service): Promise<Document> {
  if (!loaded.has(service)) loaded.set(service, loaders[service]().then((m) => m.default as Document))
  return loaded.get(service)!
}

/** The schema with its $ref followed and a nullable `anyOf: [X, null]` reduced to X. */
export function resolve(doc: Document, s: Schema | undefined): Schema {
  let cur: Schema = s ?? {}
  for (let i = 0; i < 10; i++) {
    if (cur.$ref) cur = { ...doc.components.schemas[cur.$ref.split('/').pop()!], ...withoutRef(cur) }
    else if (cur.anyOf) {
      const real = cur.anyOf.filter((x) => x.type !== 'null')
      cur = real.length === 1 ? { ...withoutAnyOf(cur), ...real[0] } : { ...withoutAnyOf(cur), ...real[0], anyOf: undefined }
    } else if (cur.allOf?.length === 1) cur = { ...cur, ...cur.allOf[0], allOf: undefined }
    else return cur
  }
  return cur
}
function withoutRef(s: Schema): Schema {
  const { $ref: _, ...rest } = s
  return rest
}
function withoutAnyOf(s: Schema): Schema {
  const { anyOf: _, ...rest } = s
  return rest
}

export type FieldKind = 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'list' | 'object'

export interface FormField {
  name: string // dotted: petitioner.name
  kind: FieldKind
  required: boolean
  options?: string[]
  title: string
  description?: string
}

function kindOf(s: Schema): FieldKind {
  if (s.enum) return 'enum'
  if (s.type === 'boolean') return 'boolean'
  if (s.type === 'integer') return 'integer'
  if (s.type === 'number') return 'number'
  if (s.format === 'date') return 'date'
  if (s.format === 'date-time') return 'datetime'
  if (s.type === 'array') return 'list'
  if (s.type === 'object' || s.properties) return 'object'
  return (s.maxLength ?? 1000) > 200 ? 'textarea' : 'text'
}

/** The fields of an object schema, nested objects flattened into dotted names (one level of nesting). */
export function fieldsOf(doc: Document, schema: Schema | undefined, prefix = '', parentRequired = true): FormField[] {
  const s = resolve(doc, schema)
  const out: FormField[] = []
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const p = resolve(doc, raw)
    const required = parentRequired && (s.required ?? []).includes(name)
    const kind = kindOf(p)
    if (kind === 'object' && p.properties && !prefix) out.push(...fieldsOf(doc, p, `${name}.`, required))
    else
      out.push({
        name: prefix + name,
        kind,
        required,
        options: p.enum ?? (kind === 'list' ? resolve(doc, p.items).enum : undefined),
        title: p.title ?? name,
        description: p.description,
      })
  }
  return out
}

export function bodySchema(op: Operation): Schema | undefined {
  return op.requestBody?.content['application/json']?.schema
}

/** Form values with dotted names → the nested JSON body; empty values are left out. */
export function nest(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length)) continue
    const parts = k.split('.')
    let at = out
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>
    at[parts[parts.length - 1]] = v
  }
  return out
}
