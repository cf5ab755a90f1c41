import { i18n } from './i18n'

// Labels of what the OpenAPI documents name (fields, enum values, commands): from the i18n files
// when they have the term, else the schema's own title, so a new field still reads.
const { t, te } = i18n.global

export function fieldLabel(name: string, fallback?: string): string {
  return te(`field.${name}`) ? t(`field.${name}`) : (fallback ?? name.replace(/_/g, ' '))
}

export function optionLabel(value: string): string {
  return te(`value.${value}`) ? t(`value.${value}`) : value.replace(/_/g, ' ')
}

export function commandLabel(command: string, fallback?: string): string {
  return te(`command.${command}`) ? t(`command.${command}`) : (fallback ?? command.replace(/[_-]/g, ' '))
}

/** A value shown as is, unless the i18n files name it (a state, a kind). */
export function valueLabel(value: string): string {
  return te(`value.${value}`) ? t(`value.${value}`) : value
}

export function resourceLabel(service: string, path: string, fallback?: string): string {
  const key = `res.${service}${path.replace(/\//g, '_')}`
  return te(key) ? t(key) : (fallback ?? path)
}
