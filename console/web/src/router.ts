import { createRouter, createWebHistory } from 'vue-router'
import { ROUTE_ROLES } from './menus'
import { useSession } from './stores/session'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./views/AppLayout.vue'),
      children: [
        { path: '', name: 'todo', component: () => import('./views/TodoPage.vue') },
        { path: 'petitions', name: 'petitions', component: () => import('./views/PetitionList.vue') },
        { path: 'petitions/:id', name: 'petition', component: () => import('./views/PetitionDetail.vue'), props: true },
        { path: 'vehicles/week', name: 'vehicle-week', component: () => import('./views/VehicleWeek.vue') },
        { path: 'calendar', name: 'calendar', component: () => import('./views/CalendarPage.vue') },
        {
          path: 'g/:service(office|liaison|rights|personnel)/:rest(.*)+',
          name: 'generic',
          component: () => import('./views/GenericScreen.vue'),
          props: true,
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: { name: 'todo' } },
  ],
})

router.beforeEach(async (to) => {
  const session = useSession()
  const me = await session.load()
  if (to.meta.public) return me && to.name === 'login' ? { name: 'todo' } : true
  if (!me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  const roles = ROUTE_ROLES[String(to.name)]
  if (roles && !session.holdsAny(roles)) return { name: 'todo' }
  return true
})
