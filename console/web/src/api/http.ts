// The one way the screens talk to the console: same-origin fetch with the session cookie, and the
// CSRF token (cookie `qiaolian_csrf`) sent back in X-CSRF-Token on every change.
export interface FieldError {
  field: string
  reason: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { title?: string; detail?: string; errors?: FieldError[] } | null,
  ) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`)
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function csrf(): string {
  const m = document.cookie.match(/(?:^|;\s*)qiaolian_csrf=([^;]*)/)
  return m ? decodeURIComponent(m[1]) : ''
}

type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

let onUnauthorized: () => void = () => {}
export function whenSignedOut(fn: () => void): void {
  onUnauthorized = fn
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (UNSAFE.has(method)) headers['X-CSRF-Token'] = csrf()
  const r = await fetch(withQuery(path, query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (r.status === 204) return undefined as T
  const data = r.headers.get('content-type')?.includes('json') ? await r.json() : null
  if (!r.ok) {
    if (r.status === 401 && !path.startsWith('/auth/login')) onUnauthorized()
    throw new ApiError(r.status, data)
  }
  return data as T
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query)
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {})
