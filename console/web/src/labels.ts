import generated from './i18n/contracts.zh-CN.json'
import { i18n } from './i18n'

// Labels of what the OpenAPI documents name (fields, enum values, commands): from the i18n files
// when they have the term, else (in Chinese) the contracts' Chinese name of the field or code (the
// exports' headers; `make openapi` writes them into i18n/contracts.zh-CN.json), else the schema's own
// title, so a new field still reads.
const { t, te } = i18n.global
const GENERATED: { field: Record<string, string>; value: Record<string, string> } = generated
const zh = () => i18n.global.locale.value === 'zh-CN'

function contractLabel(block: 'field' | 'value', key: string): string | undefined {
  return zh() && Object.prototype.hasOwnProperty.call(GENERATED[block], key) ? GENERATED[block][key] : undefined
}

export function fieldLabel(name: string, fallback?: string): string {
  return te(`field.${name}`) ? t(`field.${name}`) : (contractLabel('field', name) ?? fallback ?? name.replace(/_/g, ' '))
}

/** The label of a (dotted) form field: a nested one by its parent's term where the i18n files have it
 * (petitioner.status → field.petitioner_status, 身份), else each part's label joined by ' · '. */
export function formFieldLabel(dotted: string, fallback?: string): string {
  const parts = dotted.split('.')
  const joined = parts.join('_')
  if (parts.length > 1 && te(`field.${joined}`)) return `${fieldLabel(parts[0])} · ${t(`field.${joined}`)}`
  return parts.map((n, i) => fieldLabel(n, i === parts.length - 1 ? fallback : undefined)).join(' · ')
}

export function optionLabel(value: string): string {
  return te(`value.${value}`) ? t(`value.${value}`) : (contractLabel('value', value) ?? value.replace(/_/g, ' '))
}

export function commandLabel(command: string, fallback?: string): string {
  return te(`command.${command}`) ? t(`command.${command}`) : (fallback ?? command.replace(/[_-]/g, ' '))
}

/** A value shown as is, unless the i18n files name it (a state, a kind). */
export function valueLabel(value: string): string {
  return te(`value.${value}`) ? t(`value.${value}`) : (contractLabel('value', value) ?? value)
}

export function resourceLabel(service: string, path: string, fallback?: string): string {
  const key = `res.${service}${path.replace(/\//g, '_')}`
  return te(key) ? t(key) : (fallback ?? path)
}
