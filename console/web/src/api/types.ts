// The shapes the screens use, from the services' OpenAPI documents (npm run types).
import type { components as Office } from './generated/office'
import type { components as Rights } from './generated/rights'

export type SupervisionItem = Office['schemas']['ItemOut']
export type SupervisionPage = Office['schemas']['Page_ItemOut_']
export type Petition = Rights['schemas']['PetitionOut']
export type PetitionPage = Rights['schemas']['Page_PetitionOut_']
export type PetitionState = Rights['schemas']['PetitionState']
export type PetitionClass = Rights['schemas']['PetitionClass']
export type Channel = Rights['schemas']['Channel']
export type PetitionDeadline = Rights['schemas']['DeadlineOut']
export type RecordCommand = Rights['schemas']['RecordCommand']

// the console's own (console/qiaolian_console/sessions/routes.py)
export interface Me {
  username: string
  cadre_id: string | null
  office: string | null
  roles: string[]
  permissions: string[]
  demo: boolean
}
export type Vehicle = Office['schemas']['VehicleOut']
export type VehiclePage = Office['schemas']['Page_VehicleOut_']
export type Booking = Office['schemas']['BookingOut']
export type BookingPage = Office['schemas']['Page_BookingOut_']
