import type { Directive } from 'vue'

// Element Plus's table takes no attributes per row: this marks each body row with data-test (the
// browser tests find rows by it), after every render.
function mark(el: HTMLElement, name: string): void {
  el.querySelectorAll('.el-table__body tr.el-table__row').forEach((tr) => tr.setAttribute('data-test', name))
}

export const vRowTest: Directive<HTMLElement, string> = {
  mounted: (el, b) => mark(el, b.value),
  updated: (el, b) => mark(el, b.value),
}
